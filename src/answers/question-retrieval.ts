/**
 * Retrieval shaped by the kind of question. Comparison questions ("Llama 2 or Mistral for a commercial product?", "Which is
 * cheaper, GPT-4o or Claude Sonnet 4?"). One query for the whole question tends to return the
 * chunks of whichever side matches best, and the other side gets whatever clause happens to name
 * it. Each side is therefore also retrieved on its own — the question with the other side's
 * names taken out, so the topic words stay — and its best chunks join the main results.
 * A question about the strengths or weaknesses of open or closed models as a class ("What are the
 * risks of open-source LLMs?") is answered by the sections on each dimension the two are compared
 * on (cost, transparency, community…), which rarely share the question's words; they are
 * retrieved with the class and those dimensions.
 */
import type { AnswerChunk } from './local-answerer.js';
import { comparedSides } from './local-answerer.js';
import { classQuestion } from './class-question.js';
import { terms } from './text.js';

/** What answering needs from retrieval (the retrieval `Retriever` fits it). */
export interface ChunkSearcher {
  search(query: string, k?: number): Promise<AnswerChunk[]>;
}

/** Chunks each side adds at most, beyond the main results. */
const PER_SIDE = 3;

/**
 * The question as asked about one side only: the written names of the other side removed.
 * Null when the question compares no named sides.
 */
export function sideQueries(question: string): string[] | null {
  const sides = comparedSides(question);
  if (!sides) return null;
  const queries = sides.map((_side, i) => {
    const other = new Set((sides[1 - i] ?? []).map((name) => name.join(' ')));
    const own = new Set((sides[i] ?? []).map((name) => name.join(' ')));
    const kept = question.replace(/[\p{L}\p{N}][\p{L}\p{N}.'’-]*/gu, (token) => {
      const key = terms(token).join(' ');
      return other.has(key) && !own.has(key) ? '' : token;
    });
    return kept.replace(/\s+([,?.!])/g, '$1').replace(/\s{2,}/g, ' ').trim();
  });
  return queries.every((query, i) => query !== question && query.length > 0 && queries.indexOf(query) === i) ? queries : null;
}

/** What open and closed models are compared on (the article's own dimensions). */
const DIMENSIONS = 'cost free access accessibility customization transparency community innovation security privacy data control performance reliability support integration';

const WEAKNESS_WORDS = 'challenges disadvantages limitations risks barriers';
/** Chunks the weakness query adds at most. */
const PER_TONE = 3;

/** Chunks the dimension query adds at most. */
const PER_CLASS = 6;

/**
 * The queries that complement the main one: each side of a comparison, or a class question's
 * dimensions. Empty for an ordinary question.
 */
export function extraQueries(question: string): Array<{ query: string; k: number }> {
  const perSide = sideQueries(question);
  if (perSide) return perSide.map((query) => ({ query, k: PER_SIDE }));
  const cls = classQuestion(question);
  if (cls) {
    const names = cls.classes.map((c) => (c === 'open' ? 'open-source' : 'closed')).join(' and ');
    // An aspect question is answered by what the article says on that aspect, which the main query finds.
    // An aspect question is answered by what the article says on that aspect, which the main query finds.
    if (cls.aspect) return [];
    const queries = [{ query: `${names} models: ${DIMENSIONS}`, k: PER_CLASS }];
    // Weaknesses are worded apart from the dimensions ("barrier", "inconsistencies"): a query of their own.
    if (cls.wantsBad) queries.push({ query: `${names} models: ${WEAKNESS_WORDS}`, k: PER_TONE });
    return queries;
  }
  return [];
}

/**
 * The main results for `query`, then the best chunks of the complementary queries not already
 * there, so both sides of a comparison, or the sections a class question needs, reach the
 * answerer. `question` is the user's own question (its kind is read from it, not from words
 * carried over from earlier turns); `carried` are those words, added to each extra query so a
 * follow-up keeps its subject.
 */
export async function retrieveForQuestion(
  searcher: ChunkSearcher,
  question: string,
  query: string,
  k: number,
  carried: readonly string[] = [],
): Promise<AnswerChunk[]> {
  const extra = extraQueries(question);
  if (extra.length === 0) return searcher.search(query, k);
  const suffix = carried.length > 0 ? ` (${carried.join(' ')})` : '';
  const [main, ...more] = await Promise.all([searcher.search(query, k), ...extra.map((e) => searcher.search(`${e.query}${suffix}`, e.k))]);
  const merged = [...main];
  const seen = new Set(merged.map((chunk) => chunk.id));
  for (const results of more) {
    for (const chunk of results) {
      if (seen.has(chunk.id)) continue;
      seen.add(chunk.id);
      merged.push(chunk);
    }
  }
  return merged;
}
