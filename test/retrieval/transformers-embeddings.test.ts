import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TransformersEmbeddings } from '../../src/retrieval/embeddings/transformers.js';
import { buildIndex, createEmbeddings, createRetriever, readManifest } from '../../src/retrieval/index.js';
import { ARTICLE, FALCON_BRIEF, LLAMA_BRIEF, makeKnowledgeDir, tempDir } from './fixtures.js';
import { TINY_DIMENSION, writeTinyModel } from './tiny-model.js';

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

describe('transformers embeddings (offline, with a tiny model written by the test)', () => {
  const modelsDir = tempDir('parley-models-');
  const model = writeTinyModel(modelsDir);

  it('loads the model from the models directory without any download and embeds text', async () => {
    const embeddings = new TransformersEmbeddings({ model, cacheDir: modelsDir, allowRemoteModels: false });
    const [license, llama, pets] = await embeddings.embedDocuments(['llama license users', 'Llama hosting', 'cats and dogs']);
    for (const v of [license!, llama!, pets!]) {
      expect(v).toHaveLength(TINY_DIMENSION);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5); // mean-pooled and normalised
    }
    expect(cosine(license!, llama!)).toBeGreaterThan(cosine(license!, pets!));
    const query = await embeddings.embedQuery('LICENSE for llama');
    expect(cosine(query, license!)).toBeGreaterThan(0.9);
  });

  it('fails clearly, without network, when the model is not in the models directory', async () => {
    const embeddings = new TransformersEmbeddings({ model: 'parley-test/absent', cacheDir: modelsDir, allowRemoteModels: false });
    await expect(embeddings.embedQuery('x')).rejects.toThrow();
  });

  it('builds a persisted index whose manifest records provider, model and dimension', async () => {
    const knowledgeDir = makeKnowledgeDir({ 'licenses/llama-2.md': LLAMA_BRIEF, 'licenses/falcon-7b-40b.md': FALCON_BRIEF, 'article.md': ARTICLE });
    const indexDir = path.join(tempDir(), 'index');
    const embeddings = new TransformersEmbeddings({ model, cacheDir: modelsDir, allowRemoteModels: false });
    const index = await buildIndex({ knowledgeDir, indexDir, embeddings: { provider: 'transformers', model, embeddings } });
    expect(readManifest(indexDir)).toMatchObject({ provider: 'transformers', model, dimension: TINY_DIMENSION });
    expect(await createRetriever(index, { mode: 'dense' }).search('llama license', 2)).toHaveLength(2);
    index.close();
  });

  it('is what PARLEY_EMBEDDINGS=transformers selects, cached in the configured models directory', async () => {
    const choice = await createEmbeddings({ embeddings: { provider: 'transformers', model: undefined }, modelsDir, backends: {} as never });
    expect(choice).toMatchObject({ provider: 'transformers', model: 'Xenova/all-MiniLM-L6-v2' });
    expect(choice.embeddings).toBeInstanceOf(TransformersEmbeddings);
  });
});
