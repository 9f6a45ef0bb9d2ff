/**
 * The corpus statistics and the dense space the answer layer scores with: document frequency of
 * every stemmed term over the chunks (for BM25 weights and the vocabulary), and the local hashed
 * TF-IDF embeddings fitted on the same chunks. Built with the index; built on the fly from a few
 * chunks when an answerer is handed chunks without an index (tests, compare summaries).
 */
import { LocalEmbeddings } from './embeddings/local.js';
import { terms } from './text.js';
import type { Chunk } from './types.js';

type ChunkText = Pick<Chunk, 'title' | 'section' | 'text'>;

export class TextModel {
  private readonly df = new Map<string, number>();
  readonly documents: number;

  constructor(chunks: readonly ChunkText[], private readonly embeddings: LocalEmbeddings = fitted(chunks)) {
    this.documents = chunks.length;
    for (const chunk of chunks) for (const term of new Set(terms(`${chunk.title} ${chunk.section} ${chunk.text}`))) this.df.set(term, (this.df.get(term) ?? 0) + 1);
  }

  /** BM25's inverse document frequency; highest for a term the corpus never uses. */
  idf(term: string): number {
    const n = this.df.get(term) ?? 0;
    return Math.log(1 + (this.documents - n + 0.5) / (n + 0.5));
  }

  knows(term: string): boolean {
    return this.df.has(term);
  }

  /** Unit-length vector in the local embeddings' space. */
  embed(text: string): number[] {
    const vector = this.embeddings.embedSync(text);
    const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
    return norm > 0 ? vector.map((v) => v / norm) : vector;
  }
}

function fitted(chunks: readonly ChunkText[]): LocalEmbeddings {
  const embeddings = new LocalEmbeddings();
  embeddings.fit(chunks.map((chunk) => `${chunk.title} ${chunk.section}\n${chunk.text}`));
  return embeddings;
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  for (let i = 0; i < a.length; i += 1) dot += a[i]! * (b[i] ?? 0);
  return dot;
}
