import fs from 'node:fs';
import path from 'node:path';
import { Embeddings } from '@langchain/core/embeddings';
import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../src/core/logger.js';
import { buildIndex, createRetriever, ensureIndex, loadIndex, localEmbeddings, readManifest, type EmbeddingsChoice } from '../../src/retrieval/index.js';
import { ARTICLE, FALCON_BRIEF, LLAMA_BRIEF, makeKnowledgeDir, tempDir, writeKnowledgeFile } from './fixtures.js';

/** A stand-in "remote" provider with another dimension: letter counts folded into 8 slots. */
class TinyEmbeddings extends Embeddings {
  calls = 0;
  constructor() {
    super({});
  }
  private embed(text: string): number[] {
    const v = new Array<number>(8).fill(0);
    for (const ch of text.toLowerCase()) if (ch >= 'a' && ch <= 'z') v[ch.charCodeAt(0) % 8]! += 1;
    return v;
  }
  override async embedDocuments(texts: string[]) {
    this.calls += texts.length;
    return texts.map((t) => this.embed(t));
  }
  override async embedQuery(text: string) {
    return this.embed(text);
  }
}
const tiny = (): EmbeddingsChoice => ({ provider: 'ollama', model: 'tiny-test', embeddings: new TinyEmbeddings() });

function silentLogger() {
  const info = vi.fn();
  const warn = vi.fn();
  return { logger: { info, warn, debug: vi.fn(), error: vi.fn() } as unknown as Logger, info, warn };
}

function setup() {
  const knowledgeDir = makeKnowledgeDir({ 'licenses/llama-2.md': LLAMA_BRIEF, 'licenses/falcon-7b-40b.md': FALCON_BRIEF, 'article.md': ARTICLE });
  const dataDir = tempDir('parley-data-');
  const config = { dataDir, knowledgeDir, modelsDir: path.join(dataDir, 'models'), embeddings: { provider: 'local' as const, model: undefined }, backends: {} as never };
  return { knowledgeDir, dataDir, config, indexDir: path.join(dataDir, 'index') };
}

describe('buildIndex / loadIndex', () => {
  it('persists the index and reloads it with identical search results', async () => {
    const { knowledgeDir, indexDir } = setup();
    const built = await buildIndex({ knowledgeDir, indexDir, embeddings: localEmbeddings() });
    expect(built.manifest).toMatchObject({ provider: 'local', documentCount: 3, chunkCount: built.chunks.length, problems: [] });
    for (const file of ['manifest.json', 'chunks.json', 'hnswlib.index', 'docstore.json', 'args.json', 'embeddings-state.json']) {
      expect(fs.existsSync(path.join(indexDir, file))).toBe(true);
    }
    const loaded = await loadIndex({ indexDir, embeddings: localEmbeddings() });
    for (const mode of ['hybrid', 'dense', 'lexical'] as const) {
      const query = 'Can a company with 800M users ship Llama 2?';
      const before = await createRetriever(built, { mode }).search(query, 3);
      const after = await createRetriever(loaded, { mode }).search(query, 3);
      expect(after.map((c) => [c.id, c.score.toFixed(6)])).toEqual(before.map((c) => [c.id, c.score.toFixed(6)]));
    }
    built.close();
    loaded.close();
  });

  it('refuses to load an index built with other embeddings', async () => {
    const { knowledgeDir, indexDir } = setup();
    (await buildIndex({ knowledgeDir, indexDir, embeddings: localEmbeddings() })).close();
    await expect(loadIndex({ indexDir, embeddings: tiny() })).rejects.toThrow(/built with local/);
  });

  it('reports a malformed document in the manifest and indexes the rest', async () => {
    const { knowledgeDir, indexDir } = setup();
    writeKnowledgeFile(knowledgeDir, 'licenses/bad.md', '---\ntitle: "unterminated\n---\n\nText\n');
    const index = await buildIndex({ knowledgeDir, indexDir, embeddings: localEmbeddings() });
    expect(index.manifest.problems).toEqual([{ path: 'licenses/bad.md', reason: expect.stringMatching(/YAML/) }]);
    expect(index.manifest.documentCount).toBe(3);
    const [top] = await createRetriever(index).search('Is Falcon 40B usable commercially?');
    expect(top?.path).toBe('licenses/falcon-7b-40b.md');
    index.close();
  });

  it('handles an empty knowledge folder without crashing', async () => {
    const index = await buildIndex({ knowledgeDir: makeKnowledgeDir({}), indexDir: tempDir(), embeddings: localEmbeddings() });
    expect(index.chunks).toHaveLength(0);
    expect(await createRetriever(index).search('anything')).toEqual([]);
    index.close();
  });
});

describe('ensureIndex', () => {
  it('builds when missing, then loads the saved index while nothing changed', async () => {
    const { config, indexDir } = setup();
    const { logger, info } = silentLogger();
    const first = await ensureIndex(config, logger);
    first.close();
    expect(info).toHaveBeenCalledWith(expect.objectContaining({ reason: 'no saved index' }), 'built the knowledge index');
    const builtAt = readManifest(indexDir)!.builtAt;
    info.mockClear();
    const second = await ensureIndex(config, logger);
    expect(info).not.toHaveBeenCalled();
    expect(readManifest(indexDir)!.builtAt).toBe(builtAt);
    expect((await createRetriever(second).search('Falcon 40B commercial use'))[0]?.path).toBe('licenses/falcon-7b-40b.md');
    second.close();
  });

  it('rebuilds when a knowledge file changes and finds the new content', async () => {
    const { config, knowledgeDir, indexDir } = setup();
    const { logger, info } = silentLogger();
    (await ensureIndex(config, logger)).close();
    const oldHash = readManifest(indexDir)!.contentHash;
    writeKnowledgeFile(knowledgeDir, 'licenses/mistral.md', '---\ntitle: Mistral 7B\nkind: license\n---\n\n## §2 Grant\n\nMistral 7B is Apache 2.0; zephyrine clause.\n');
    info.mockClear();
    const index = await ensureIndex(config, logger);
    expect(info).toHaveBeenCalledWith(expect.objectContaining({ reason: 'knowledge changed' }), 'built the knowledge index');
    expect(readManifest(indexDir)!.contentHash).not.toBe(oldHash);
    expect((await createRetriever(index).search('zephyrine'))[0]?.path).toBe('licenses/mistral.md');
    index.close();
  });

  it('rebuilds instead of failing when the provider (and the vector dimension) changes', async () => {
    const { config, indexDir } = setup();
    const { logger, info } = silentLogger();
    (await ensureIndex(config, logger)).close();
    expect(readManifest(indexDir)!.dimension).toBeGreaterThan(8);
    const other = tiny();
    const index = await ensureIndex(config, logger, { embeddings: other });
    expect(info).toHaveBeenCalledWith(expect.objectContaining({ reason: 'embeddings changed' }), 'built the knowledge index');
    expect(readManifest(indexDir)).toMatchObject({ provider: 'ollama', model: 'tiny-test', dimension: 8 });
    expect(await createRetriever(index, { mode: 'dense' }).search('Llama 2 users')).toHaveLength(5);
    index.close();
    // and back again to local
    const back = await ensureIndex(config, logger);
    expect(readManifest(indexDir)).toMatchObject({ provider: 'local' });
    back.close();
  });

  it('rebuilds a damaged index instead of crashing at start-up', async () => {
    const { config, indexDir } = setup();
    const { logger, warn } = silentLogger();
    (await ensureIndex(config, logger)).close();
    fs.writeFileSync(path.join(indexDir, 'chunks.json'), '{ not json');
    const index = await ensureIndex(config, logger);
    expect(warn).toHaveBeenCalled();
    expect(index.chunks.length).toBeGreaterThan(0);
    index.close();
  });
});

describe('createRetriever', () => {
  it('returns chunks with citation fields and scores in [0, 1], best first, in every mode', async () => {
    const { knowledgeDir } = setup();
    const index = await buildIndex({ knowledgeDir, embeddings: localEmbeddings() });
    for (const mode of ['hybrid', 'dense', 'lexical'] as const) {
      const results = await createRetriever(index, { mode }).search('Can we ship Llama 2 in a product with 800M users?', 3);
      expect(results[0]).toMatchObject({ path: 'licenses/llama-2.md', title: 'Llama 2 Community License', section: '§2 Additional commercial terms: the 700M MAU cap', url: 'https://ai.meta.com/llama/license/' });
      for (const r of results) {
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
      }
      expect([...results].sort((a, b) => b.score - a.score)).toEqual(results);
    }
    index.close();
  });

  it('returns nothing for an empty question and never throws on odd input', async () => {
    const { knowledgeDir } = setup();
    const index = await buildIndex({ knowledgeDir, embeddings: localEmbeddings() });
    const retriever = createRetriever(index);
    expect(await retriever.search('   ')).toEqual([]);
    for (const q of ['"', 'NEAR(x y) AND -z*', '🦙🦙', 'ÇA MARCHE ? Über', '日本語']) await expect(retriever.search(q)).resolves.toBeInstanceOf(Array);
    index.close();
  });

  it('falls back to lexical results when a remote embeddings service fails', async () => {
    const { knowledgeDir } = setup();
    const choice = tiny();
    const index = await buildIndex({ knowledgeDir, embeddings: choice });
    vi.spyOn(choice.embeddings, 'embedQuery').mockRejectedValue(new Error('connect ECONNREFUSED'));
    const { logger, warn } = silentLogger();
    const results = await createRetriever(index, { logger }).search('Falcon 40B Apache');
    expect(results[0]?.path).toBe('licenses/falcon-7b-40b.md');
    expect(warn).toHaveBeenCalled();
    index.close();
  });
});
