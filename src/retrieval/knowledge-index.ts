import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { Config } from '../config.js';
import type { Logger } from '../core/logger.js';
import { CHUNKER_VERSION, chunkDocument } from './chunking.js';
import { createEmbeddings, isFittable, type EmbeddingsChoice } from './embeddings/providers.js';
import { LexicalIndex } from './lexical.js';
import { listDocumentFiles, loadKnowledge } from './loaders.js';
import { TextModel } from './text-model.js';
import { LocalEmbeddings } from './embeddings/local.js';
import type { Chunk, LoadProblem } from './types.js';

/** Bump when the on-disk layout changes. Part of the content hash. */
const INDEX_FORMAT_VERSION = 1;
const MANIFEST = 'manifest.json';
const CHUNKS = 'chunks.json';
const EMBEDDINGS_STATE = 'embeddings-state.json';

export interface IndexManifest {
  formatVersion: number;
  contentHash: string;
  provider: string;
  model: string;
  dimension: number;
  chunkerVersion: number;
  documentCount: number;
  chunkCount: number;
  problems: LoadProblem[];
  builtAt: string;
}

/** The loaded index: chunks, their vectors (HNSW, cosine) and a BM25 index over the same chunks. */
export interface KnowledgeIndex {
  manifest: IndexManifest;
  chunks: readonly Chunk[];
  /** null when the knowledge base has no chunk at all. */
  dense: HNSWLib | null;
  lexical: LexicalIndex;
  embeddings: EmbeddingsChoice;
  /** Corpus statistics and the local dense space, for scoring sentences and deciding coverage. */
  text: TextModel;
  close(): void;
}

export interface BuildIndexOptions {
  knowledgeDir: string;
  /** Where to persist; omit to build in memory only. */
  indexDir?: string;
  embeddings: EmbeddingsChoice;
  logger?: Logger;
}

/**
 * Text embedded for a chunk: its title and clause heading give the vector the context a bare
 * paragraph lacks; the heading is repeated because it names the clause (+3 points recall@1 on the eval set).
 */
export function embeddingText(chunk: Pick<Chunk, 'title' | 'section' | 'text'>): string {
  return chunk.section === chunk.title ? `${chunk.title}\n${chunk.text}` : `${chunk.title} — ${chunk.section}\n${chunk.section}\n${chunk.text}`;
}

/** Hash over every indexable document in knowledge/ plus the embeddings provider, model and chunker version. */
export function computeContentHash(knowledgeDir: string, embeddings: Pick<EmbeddingsChoice, 'provider' | 'model'>): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ INDEX_FORMAT_VERSION, CHUNKER_VERSION, provider: embeddings.provider, model: embeddings.model }));
  if (fs.existsSync(knowledgeDir)) {
    for (const rel of listDocumentFiles(knowledgeDir)) {
      hash.update(`\0${rel}\0`);
      hash.update(fs.readFileSync(path.join(knowledgeDir, rel)));
    }
  }
  return hash.digest('hex');
}

export async function buildIndex(options: BuildIndexOptions): Promise<KnowledgeIndex> {
  const { knowledgeDir, indexDir, embeddings, logger } = options;
  const contentHash = computeContentHash(knowledgeDir, embeddings);
  const { documents, problems } = loadKnowledge(knowledgeDir, logger);
  const chunks = documents.flatMap((doc) => chunkDocument(doc));
  const texts = chunks.map(embeddingText);
  if (isFittable(embeddings.embeddings)) embeddings.embeddings.fit(texts);
  const vectors = texts.length > 0 ? await embeddings.embeddings.embedDocuments(texts) : [];
  const dimension = vectors[0]?.length ?? 0;
  if (vectors.length !== chunks.length || vectors.some((v) => v.length !== dimension)) {
    throw new Error(`the ${embeddings.provider} embeddings returned vectors of inconsistent size`);
  }
  let dense: HNSWLib | null = null;
  if (vectors.length > 0) {
    dense = new HNSWLib(embeddings.embeddings, { space: 'cosine', numDimensions: dimension });
    await dense.addVectors(vectors, chunks.map(toDocument));
  }
  const manifest: IndexManifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    contentHash,
    provider: embeddings.provider,
    model: embeddings.model,
    dimension,
    chunkerVersion: CHUNKER_VERSION,
    documentCount: documents.length,
    chunkCount: chunks.length,
    problems,
    builtAt: new Date().toISOString(),
  };
  if (indexDir) await persist(indexDir, manifest, chunks, dense, embeddings);
  return assemble(manifest, chunks, dense, embeddings);
}

export interface LoadIndexOptions {
  indexDir: string;
  embeddings: EmbeddingsChoice;
}

/** Loads a persisted index. Throws when it is missing, damaged, or built with other embeddings. */
export async function loadIndex(options: LoadIndexOptions): Promise<KnowledgeIndex> {
  const { indexDir, embeddings } = options;
  const manifest = readManifest(indexDir);
  if (!manifest) throw new Error(`no index manifest in ${indexDir}`);
  if (manifest.provider !== embeddings.provider || manifest.model !== embeddings.model) {
    throw new Error(`the index in ${indexDir} was built with ${manifest.provider}/${manifest.model}, not ${embeddings.provider}/${embeddings.model}`);
  }
  if (isFittable(embeddings.embeddings)) {
    embeddings.embeddings.importState(JSON.parse(fs.readFileSync(path.join(indexDir, EMBEDDINGS_STATE), 'utf8')));
  }
  const chunks = JSON.parse(fs.readFileSync(path.join(indexDir, CHUNKS), 'utf8')) as Chunk[];
  if (chunks.length !== manifest.chunkCount) throw new Error(`the index in ${indexDir} is damaged (chunk count differs from its manifest)`);
  const dense = chunks.length > 0 ? await HNSWLib.load(indexDir, embeddings.embeddings) : null;
  if (dense && dense.index.getCurrentCount() !== chunks.length) throw new Error(`the index in ${indexDir} is damaged (vector count differs)`);
  return assemble(manifest, chunks, dense, embeddings);
}

export function readManifest(indexDir: string): IndexManifest | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(indexDir, MANIFEST), 'utf8')) as IndexManifest;
  } catch {
    return null;
  }
}

export interface EnsureIndexOptions {
  /** Embeddings to use instead of the configured provider (tests). */
  embeddings?: EmbeddingsChoice;
}

/**
 * Loads `<dataDir>/index` when its manifest matches the current knowledge files and embeddings;
 * otherwise (missing, stale, other provider, damaged) rebuilds and persists it.
 */
export async function ensureIndex(
  config: Pick<Config, 'dataDir' | 'knowledgeDir' | 'embeddings' | 'modelsDir' | 'backends'>,
  logger: Logger,
  options: EnsureIndexOptions = {},
): Promise<KnowledgeIndex> {
  const embeddings = options.embeddings ?? (await createEmbeddings(config));
  const indexDir = path.join(config.dataDir, 'index');
  const expected = computeContentHash(config.knowledgeDir, embeddings);
  const manifest = readManifest(indexDir);
  if (manifest?.contentHash === expected) {
    try {
      const started = performance.now();
      const index = await loadIndex({ indexDir, embeddings });
      logger.debug({ chunks: index.chunks.length, ms: Math.round(performance.now() - started) }, 'loaded the knowledge index');
      return index;
    } catch (error) {
      logger.warn({ err: error, indexDir }, 'the saved knowledge index could not be loaded; rebuilding it');
    }
  }
  const reason = !manifest ? 'no saved index' : manifest.provider !== embeddings.provider || manifest.model !== embeddings.model ? 'embeddings changed' : 'knowledge changed';
  const started = performance.now();
  const index = await buildIndex({ knowledgeDir: config.knowledgeDir, indexDir, embeddings, logger });
  logger.info(
    { reason, provider: embeddings.provider, chunks: index.chunks.length, documents: index.manifest.documentCount, ms: Math.round(performance.now() - started) },
    'built the knowledge index',
  );
  return index;
}

function toDocument(chunk: Chunk, index: number): Document {
  return new Document({ pageContent: chunk.text, metadata: { index, id: chunk.id, title: chunk.title, section: chunk.section, path: chunk.path, url: chunk.url } });
}

function assemble(manifest: IndexManifest, chunks: Chunk[], dense: HNSWLib | null, embeddings: EmbeddingsChoice): KnowledgeIndex {
  const lexical = new LexicalIndex(chunks);
  const local = embeddings.embeddings instanceof LocalEmbeddings ? embeddings.embeddings : undefined;
  const text = new TextModel(chunks, local);
  return { manifest, chunks, dense, lexical, embeddings, text, close: () => lexical.close() };
}

/** Writes into a sibling temporary directory, then swaps it in, so a crash never leaves half an index. */
async function persist(indexDir: string, manifest: IndexManifest, chunks: Chunk[], dense: HNSWLib | null, embeddings: EmbeddingsChoice): Promise<void> {
  const target = path.resolve(indexDir);
  const staging = `${target}.tmp-${process.pid}-${Date.now()}`;
  fs.mkdirSync(staging, { recursive: true });
  try {
    if (dense) await dense.save(staging);
    fs.writeFileSync(path.join(staging, CHUNKS), JSON.stringify(chunks));
    if (isFittable(embeddings.embeddings)) fs.writeFileSync(path.join(staging, EMBEDDINGS_STATE), JSON.stringify(embeddings.embeddings.exportState()));
    fs.writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    fs.rmSync(target, { recursive: true, force: true });
    try {
      fs.renameSync(staging, target);
    } catch (error) {
      // Another process (bot and CLI started together) swapped in its own build first: keep that one.
      if (readManifest(target)?.contentHash !== manifest.contentHash) throw error;
      fs.rmSync(staging, { recursive: true, force: true });
    }
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
