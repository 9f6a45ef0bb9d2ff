/**
 * A knowledge index joined with a few extra chunks (a server's team documents): the extra
 * chunks get their own small HNSW index, searched with the same query vector as the base one,
 * and the two result lists are merged by distance (the same embeddings, so distances compare).
 * BM25 runs over one FTS5 index of base and extra chunks together, so term statistics are shared
 * and scores compare too; building it takes a few milliseconds for the whole knowledge base.
 * The retriever then fuses both halves exactly as it does for the base index alone.
 */
import { Document } from '@langchain/core/documents';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { LexicalIndex } from './lexical.js';
import type { SearchableIndex } from './retriever.js';
import type { Chunk } from './types.js';

export interface JoinedIndex extends SearchableIndex {
  close(): void;
}

/** `vectors[i]` is the embedding of `extra[i]` (embeddingText), made with `base.embeddings`. */
export async function joinIndex(base: SearchableIndex, extra: readonly Chunk[], vectors: ReadonlyArray<ArrayLike<number>>): Promise<JoinedIndex> {
  if (vectors.length !== extra.length) throw new Error('joinIndex: one vector per extra chunk');
  const offset = base.chunks.length;
  const chunks = [...base.chunks, ...extra];
  const dimension = vectors[0]?.length ?? 0;
  let overlay: HNSWLib | null = null;
  if (extra.length > 0 && dimension > 0) {
    overlay = new HNSWLib(base.embeddings.embeddings, { space: 'cosine', numDimensions: dimension });
    await overlay.addVectors(
      vectors.map((vector) => Array.from(vector)),
      extra.map((chunk, i) => new Document({ pageContent: chunk.text, metadata: { index: offset + i, id: chunk.id } })),
    );
  }
  const lexical = new LexicalIndex(chunks);
  const dense: SearchableIndex['dense'] = {
    async similaritySearchVectorWithScore(query: number[], k: number) {
      const [fromBase, fromOverlay] = await Promise.all([
        base.dense ? base.dense.similaritySearchVectorWithScore(query, Math.min(k, offset)) : [],
        overlay ? overlay.similaritySearchVectorWithScore(query, Math.min(k, extra.length)) : [],
      ]);
      return [...fromBase, ...fromOverlay].sort((a, b) => a[1] - b[1]).slice(0, k);
    },
  };
  return { chunks, dense, lexical, embeddings: base.embeddings, text: base.text.over(chunks), close: () => lexical.close() };
}
