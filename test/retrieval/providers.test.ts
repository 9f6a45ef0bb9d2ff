import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createEmbeddings, LocalEmbeddings, LOCAL_EMBEDDINGS_DIMENSION } from '../../src/retrieval/index.js';

const config = (env: Record<string, string>) => loadConfig({ PARLEY_DATA_DIR: '/tmp/parley-providers-test', ...env });

describe('createEmbeddings', () => {
  it('defaults to the in-process local embeddings', async () => {
    const choice = await createEmbeddings(config({}));
    expect(choice.provider).toBe('local');
    expect(choice.model).toMatch(/^hashed-tfidf-v\d+/);
    expect(choice.embeddings).toBeInstanceOf(LocalEmbeddings);
    expect(await choice.embeddings.embedQuery('Llama 2 license')).toHaveLength(LOCAL_EMBEDDINGS_DIMENSION);
  });

  it('builds OpenAI and Ollama embeddings without contacting them, with the configured model', async () => {
    const openai = await createEmbeddings(config({ PARLEY_EMBEDDINGS: 'openai', OPENAI_API_KEY: 'sk-test-not-a-real-key', PARLEY_EMBEDDINGS_MODEL: 'text-embedding-3-large' }));
    expect(openai).toMatchObject({ provider: 'openai', model: 'text-embedding-3-large' });
    const ollama = await createEmbeddings(config({ PARLEY_EMBEDDINGS: 'ollama' }));
    expect(ollama).toMatchObject({ provider: 'ollama', model: 'nomic-embed-text' });
  });

  it('explains which variable is missing for OpenAI embeddings', async () => {
    await expect(createEmbeddings(config({ PARLEY_EMBEDDINGS: 'openai' }))).rejects.toThrow(/OPENAI_API_KEY/);
  });
});

describe('LocalEmbeddings', () => {
  const corpus = [
    'Llama 2 Community License — §2 Additional commercial terms: companies with more than 700 million monthly active users need a license from Meta.',
    'Falcon 7B and 40B — Apache 2.0 grant: commercial use with no user cap.',
    'Article — Security and Privacy: open models let you inspect the code and keep data on your own servers.',
  ];
  const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

  it('brings a question with typos and other word forms closer to its passage than to unrelated ones', async () => {
    const e = new LocalEmbeddings();
    e.fit(corpus);
    const docs = await e.embedDocuments(corpus);
    const q = await e.embedQuery('does meta want a licence once our monthy activ user count is over 700M?');
    expect(cos(q, docs[0]!)).toBeGreaterThan(Math.max(cos(q, docs[1]!), cos(q, docs[2]!)));
    const privacy = await e.embedQuery('can we inspecting the code and keeping our data private?');
    expect(cos(privacy, docs[2]!)).toBeGreaterThan(Math.max(cos(privacy, docs[0]!), cos(privacy, docs[1]!)));
  });

  it('produces unit vectors, and zeros for text with no usable word', async () => {
    const e = new LocalEmbeddings();
    e.fit(corpus);
    expect(Math.hypot(...(await e.embedQuery('Falcon Apache license')))).toBeCloseTo(1, 6);
    expect((await e.embedQuery('?!… the of')).every((x) => x === 0)).toBe(true);
  });

  it('embeds identically after its fitted state is saved and restored', async () => {
    const fitted = new LocalEmbeddings();
    fitted.fit(corpus);
    const restored = new LocalEmbeddings();
    restored.importState(JSON.parse(JSON.stringify(fitted.exportState())));
    expect(await restored.embedQuery('Falcon hosting users')).toEqual(await fitted.embedQuery('Falcon hosting users'));
    expect(() => restored.importState({ ...fitted.exportState(), model: 'other' })).toThrow(/not/);
  });
});
