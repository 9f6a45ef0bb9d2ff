import { contentWords, stem } from './text.js';
import type { Chunk } from './types.js';

/**
 * Ranks chunks by how well the question matches their document title and `##` heading alone.
 * The headings of knowledge/ are plain-language summaries of each clause ("§9.2 Applications that
 * use the model in the background are allowed"), so they separate sections of one document far
 * better than the bodies do, which all repeat the model's name. Overview sections (heading = title)
 * are matched on the title only, so a clause whose heading also matches ranks above them.
 * Features are stemmed words, weighted by IDF over the distinct headings.
 */
export class HeadingIndex {
  private readonly features: Array<Map<string, number>>;
  private readonly idf = new Map<string, number>();

  constructor(chunks: ReadonlyArray<Pick<Chunk, 'title' | 'section'>>) {
    const byHeading = new Map<string, Map<string, number>>();
    this.features = chunks.map((chunk) => {
      const key = `${chunk.title}\n${chunk.section}`;
      let features = byHeading.get(key);
      if (!features) {
        // Words of the title name the document, not the clause: they are left out.
        const title = headingFeatures(chunk.title);
        features = new Map([...headingFeatures(chunk.section)].filter(([feature]) => !title.has(feature)));
        byHeading.set(key, features);
      }
      return features;
    });
    const df = new Map<string, number>();
    for (const features of byHeading.values()) for (const feature of features.keys()) df.set(feature, (df.get(feature) ?? 0) + 1);
    const n = byHeading.size;
    for (const [feature, count] of df) this.idf.set(feature, Math.log(1 + n / count));
  }

  /** Chunk positions with a positive heading score, best first (ties keep corpus order). */
  search(query: string, limit: number, include: (index: number) => boolean = () => true): Array<{ index: number; score: number }> {
    const wanted = headingFeatures(query);
    const scored: Array<{ index: number; score: number }> = [];
    this.features.forEach((features, index) => {
      if (!include(index)) return;
      let score = 0;
      for (const [feature, weight] of wanted) if (features.has(feature)) score += weight * (this.idf.get(feature) ?? 0);
      if (score > 0) scored.push({ index, score });
    });
    return scored.sort((a, b) => b.score - a.score || a.index - b.index).slice(0, limit);
  }
}

/**
 * Figures are left to the other rankings: they are mostly model sizes ("40B" → "40 billion")
 * that would otherwise meet a heading about user counts.
 */
const MAGNITUDE_WORDS = new Set(['thousand', 'million', 'billion']);

/** Stemmed content words, each once. */
function headingFeatures(text: string): Map<string, number> {
  const features = new Map<string, number>();
  for (const word of contentWords(text)) {
    if (/\d/.test(word) || MAGNITUDE_WORDS.has(word)) continue;
    features.set(stem(word), 1);
  }
  return features;
}
