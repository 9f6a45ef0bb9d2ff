/** Public surface of the retrieval layer: build/load the knowledge index and search it. */
export type { Chunk, KnowledgeDocument, KnowledgeSection, LoadProblem, RetrievalMode, RetrievedChunk, Retriever } from './types.js';
export { buildIndex, loadIndex, ensureIndex, computeContentHash, embeddingText, readManifest } from './knowledge-index.js';
export type { BuildIndexOptions, EnsureIndexOptions, IndexManifest, KnowledgeIndex, LoadIndexOptions } from './knowledge-index.js';
export { createRetriever, DEFAULT_RETRIEVER_OPTIONS } from './retriever.js';
export type { RetrieverOptions, SearchableIndex } from './retriever.js';
export { joinIndex, type JoinedIndex } from './overlay-index.js';
export { createEmbeddings, localEmbeddings, isFittable } from './embeddings/providers.js';
export type { EmbeddingsChoice, EmbeddingsProviderName, FittableEmbeddings } from './embeddings/providers.js';
export { LocalEmbeddings, LOCAL_EMBEDDINGS_MODEL, LOCAL_EMBEDDINGS_DIMENSION } from './embeddings/local.js';
export { loadKnowledge, parseDocument, listDocumentFiles } from './loaders.js';
export { chunkDocument, chunkText, CHUNKER_VERSION } from './chunking.js';
export { sentences } from './text.js';
export { reciprocalRankFusion } from './fusion.js';
export { toMatchExpression } from './lexical.js';
export { TextModel, cosine } from './text-model.js';
export { terms, contentWords, foldText, markdownSentences } from './text.js';
