import type { TextModel } from './text-model.js';

/** Plain data of the retrieval layer. Nothing here knows about Discord, the terminal or LangChain. */

/** A passage of the index: a piece of one section of one document. */
export interface Chunk {
  id: string;
  text: string;
  /** Short document title from front matter, used in citations. */
  title: string;
  /** The `##` heading the passage sits under (the `#` title when the document has none). */
  section: string;
  /** Relative to knowledge/, with forward slashes. */
  path: string;
  url: string | null;
  kind: DocumentKind;
}

/** One passage handed to the answerers. `score`: higher is better, always in [0, 1]. */
export interface RetrievedChunk extends Omit<Chunk, 'kind'> {
  score: number;
  /** Cosine similarity in the dense space, in [0, 1], when the dense half found this chunk. */
  denseScore?: number;
  /** BM25 relevance squashed into [0, 1], when the lexical half found this chunk. */
  lexicalScore?: number;
}

export interface Retriever {
  /** Hybrid by default. Never throws on odd user input (quotes, operators, any Unicode). */
  search(query: string, k?: number): Promise<RetrievedChunk[]>;
  /** The index's corpus statistics and local dense space (see text-model.ts). */
  readonly text?: TextModel;
}

export type RetrievalMode = 'hybrid' | 'dense' | 'lexical';

export type DocumentKind = 'license' | 'terms' | 'article' | 'other';

export interface KnowledgeSection {
  heading: string;
  /** Section body in source order; blocks separated by blank lines. */
  text: string;
}

export interface KnowledgeDocument {
  path: string;
  title: string;
  url: string | null;
  version: string | null;
  kind: DocumentKind;
  sections: KnowledgeSection[];
}

/** A document that could not be read; it is skipped and the rest still index. */
export interface LoadProblem {
  path: string;
  reason: string;
}
