/**
 * The corpus statistics and the dense space the answer layer scores with: document frequency of
 * every stemmed term over the chunks (for BM25 weights and the vocabulary), and the local hashed
 * TF-IDF embeddings fitted on the same chunks. Built with the index; built on the fly from a few
 * chunks when an answerer is handed chunks without an index (tests, compare summaries).
 */
import { LocalEmbeddings } from './embeddings/local.js';
import { foldText, terms } from './text.js';
import type { Chunk } from './types.js';

type ChunkText = Pick<Chunk, 'title' | 'section' | 'text'>;

export class TextModel {
  private readonly df = new Map<string, number>();
  /** Adjacent written tokens, folded ("claude 3", "llama 2"): to tell a model the corpus names from one it never does. */
  private readonly pairs = new Set<string>();
  /** Every written token (folded) and how often the corpus writes it. */
  private readonly tokens = new Map<string, number>();
  readonly documents: number;

  constructor(chunks: readonly ChunkText[], private readonly embeddings: LocalEmbeddings = fitted(chunks)) {
    this.documents = chunks.length;
    for (const chunk of chunks) {
      const all = `${chunk.title}\n${chunk.section}\n${chunk.text}`;
      for (const term of new Set(terms(all))) this.df.set(term, (this.df.get(term) ?? 0) + 1);
      const written = writtenTokens(all);
      written.forEach((token, i) => {
        this.tokens.set(token, (this.tokens.get(token) ?? 0) + 1);
        if (i > 0) this.pairs.add(`${written[i - 1]} ${token}`);
      });
    }
  }

  /** The same dense space over a larger corpus (the built-in chunks joined with a server's documents). */
  over(chunks: readonly ChunkText[]): TextModel {
    return new TextModel(chunks, this.embeddings);
  }

  /** Whether the corpus ever writes these tokens (folded) next to each other, or this one token. */
  writes(first: string, second?: string): boolean {
    return second === undefined ? this.tokens.has(first) : this.pairs.has(`${first} ${second}`);
  }

  /** The corpus's written tokens with how often each is written (for spelling correction). */
  vocabulary(): ReadonlyMap<string, number> {
    return this.tokens;
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

export function writtenTokens(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
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
