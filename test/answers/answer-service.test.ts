import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService, type AnswerService } from '../../src/answers/answer-service.js';
import type { AnswerChunk } from '../../src/answers/local-answerer.js';
import { createBackendsService } from '../../src/backends/backends-service.js';
import { UserError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import type { AnswerResult, ConversationTurn, RequestContext } from '../../src/core/types.js';
import { loadCatalog } from '../../src/knowledge/catalog.js';
import { buildIndex, createRetriever, localEmbeddings, type KnowledgeIndex } from '../../src/retrieval/index.js';
import { openDatabase, type SqliteDatabase } from '../../src/store/database.js';
import { SqliteSettingsRepository } from '../../src/backends/settings-repository.js';
import { SqliteUsageRepository } from '../../src/usage/usage-repository.js';
import { UsageService } from '../../src/usage/usage-service.js';
import { testCatalog, testConfig } from '../backends/helpers.js';
import { startFakeOpenAi, type FakeProvider } from '../fakes/providers/index.js';
import { tempDir } from '../retrieval/fixtures.js';

const ctx: RequestContext = { guildId: '1', channelId: '2', userId: '3', isAdmin: false };

const chunk: AnswerChunk = {
  id: 'licenses/mistral.md#0',
  title: 'Mistral 7B and Mixtral',
  section: '§1 Apache 2.0 weights',
  path: 'licenses/mistral.md',
  url: 'https://mistral.ai/news/announcing-mistral-7b/',
  score: 0.9,
  text: 'Mistral AI released Mistral 7B and Mixtral 8x7B with open weights under the Apache License 2.0. Codestral is not under Apache 2.0.',
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const catalog = loadCatalog(path.join(root, 'knowledge'));

function service(chunks: AnswerChunk[] = [chunk]) {
  const queries: Array<{ query: string; k: number | undefined }> = [];
  const answers = createAnswerService({
    logger: createLogger('silent'),
    catalog,
    retriever: {
      async search(query, k) {
        queries.push({ query, k });
        return chunks;
      },
    },
  });
  return { answers, queries };
}

describe('answer service (backend local)', () => {
  it('says so when the chunks about the model a question names hold no answer, instead of declining a question other passages answer', async () => {
    const other: AnswerChunk = { ...chunk, id: 'bloom#1', title: 'BLOOM RAIL License', section: '§2 Grant', path: 'licenses/bloom-rail.md', text: 'Nothing limits use to research or academic work, so commercial products are allowed.' };
    const fragment: AnswerChunk = { ...chunk, id: 'llama#1', title: 'Llama 2 Community License', section: 'Notes', path: 'licenses/llama-2.md', text: 'Llama 2. Meta.' };
    const { answers } = service([other, fragment]);
    const result = await answers.ask(ctx, { question: 'Is Llama 2 only for research and academic work?' });
    expect(result.covered).toBe(true);
    expect(result.answer).toMatch(/^Nothing I found on this is about Llama 2 70B; the closest passages are about other models:\nNothing limits use to research or academic work/);
  });

  it('retrieves for the trimmed question and returns a cited local answer with timing', async () => {
    const { answers, queries } = service();
    const result = await answers.ask(ctx, { question: '  Is Mistral 7B released under Apache 2.0?  ' });
    expect(queries).toEqual([{ query: 'Is Mistral 7B released under Apache 2.0?', k: 6 }]);
    expect(result).toMatchObject({ question: 'Is Mistral 7B released under Apache 2.0?', backend: 'local', covered: true, usage: null, costUsd: null });
    expect(result.answer).toMatch(/Apache License 2\.0 \[1\]/);
    expect(result.sources).toHaveLength(1);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses empty and oversized questions before retrieving anything', async () => {
    const { answers, queries } = service();
    await expect(answers.ask(ctx, { question: '   ' })).rejects.toBeInstanceOf(UserError);
    await expect(answers.ask(ctx, { question: 'q'.repeat(4001) })).rejects.toThrow(/4,001/);
    expect(queries).toEqual([]);
  });

  it('names the available backends when an unknown one is asked for', async () => {
    const { answers } = service();
    await expect(answers.ask(ctx, { question: 'Is Mistral open?', backend: 'nope' })).rejects.toThrow(/no backend called "nope".*local/);
  });
});

const user = (content: string): ConversationTurn => ({ role: 'user', content });
const assistant = (content: string): ConversationTurn => ({ role: 'assistant', content });

describe('answer service in a conversation (stub retriever)', () => {
  it('retrieves a follow-up with the subject of the earlier question, and keeps the user\'s own words as the question', async () => {
    const { answers, queries } = service();
    const history = [user('Is Mistral 7B released under Apache 2.0?'), assistant('Yes, under the Apache License 2.0 [1].')];
    const result = await answers.ask(ctx, { question: 'and what about Mixtral?', history });
    expect(queries[0]?.query).toBe('and what about Mixtral? (Is released under Apache 2.0)');
    expect(result.question).toBe('and what about Mixtral?');
    await answers.ask(ctx, { question: 'Is Gemma open weights?', history });
    expect(queries[1]?.query).toBe('Is Gemma open weights?');
    await answers.ask(ctx, { question: 'can we sell products built on it?', history });
    expect(queries[2]?.query).toBe('can we sell products built on it? (Mistral 7B)');
  });
});

describe('answer service in a conversation (the real knowledge base)', () => {
  let index: KnowledgeIndex;
  let answers: AnswerService;

  beforeAll(async () => {
    index = await buildIndex({ knowledgeDir: path.join(root, 'knowledge'), indexDir: tempDir(), embeddings: localEmbeddings() });
    answers = createAnswerService({ retriever: createRetriever(index), logger: createLogger('silent'), catalog });
  });
  afterAll(() => index?.close());

  /** Asks `questions` in turn, each with the earlier questions and answers as history; returns the last answer. */
  async function converse(...questions: string[]): Promise<AnswerResult> {
    const history: ConversationTurn[] = [];
    let last: AnswerResult | undefined;
    for (const question of questions) {
      last = await answers.ask(ctx, { question, history: [...history] });
      history.push(user(question), assistant(last.answer));
    }
    return last!;
  }

  const docs = (result: AnswerResult) => [...new Set(result.sources.map((s) => s.path))];

  it('Gemma terms → "can we use its outputs to train another model?" cites Gemma §1.1(e), and only Gemma', async () => {
    const followUp = 'can we use its outputs to train another model?';
    const result = await converse('Tell me about the Gemma terms', followUp);
    expect(result.question).toBe(followUp);
    expect(result.covered).toBe(true);
    expect(result.sources[0]).toMatchObject({ path: 'licenses/gemma.md', section: expect.stringMatching(/^§1\.1\(e\) Model Derivatives/) });
    expect(docs(result)).toEqual(['licenses/gemma.md']);
    expect(result.answer).toMatch(/Gemma outputs to train another model/);
    // The same words without the conversation are answered from other licenses as well.
    const alone = await answers.ask(ctx, { question: followUp });
    expect(docs(alone).some((doc) => doc !== 'licenses/gemma.md'), JSON.stringify(docs(alone))).toBe(true);
  });

  it('Llama 2 → "and can we use its outputs to train another model?" cites Llama 2 §1.b.v first, which the bare question does not', async () => {
    const followUp = 'and can we use its outputs to train another model?';
    const result = await converse('Is Llama 2 free for commercial use?', followUp);
    expect(result.sources[0]).toMatchObject({ path: 'licenses/llama-2.md', section: expect.stringMatching(/^§1\.b\.v/) });
    // The answer opens with the ban on Llama 2 outputs (the catalog's field, or the clause itself).
    expect(result.answer.split('\n')[0]).toMatch(/No training other LLMs on Llama 2 outputs|may not use Llama 2/);
    const alone = await answers.ask(ctx, { question: followUp });
    // With many licenses covering outputs, the bare question may list Llama 2 among others, but never leads with it.
    expect(alone.sources[0]?.path).not.toBe('licenses/llama-2.md');
  });

  it('Llama 2 → "what about its user cap?" cites Llama 2 §2 (700 million)', async () => {
    const result = await converse('Is Llama 2 free for commercial use?', 'what about its user cap?');
    expect(result.sources[0]).toMatchObject({ path: 'licenses/llama-2.md', section: expect.stringMatching(/^§2 /) });
    expect(result.answer).toMatch(/700 million/);
  });

  it('Gemma → "what about its user cap?" says Gemma has none, where the bare question gets Llama 2\'s 700M cap', async () => {
    const result = await converse('Is Gemma free for commercial use?', 'what about its user cap?');
    expect(result.sources[0]).toMatchObject({ path: 'licenses/gemma.md', section: expect.stringMatching(/^§2\.2 .*no user cap/) });
    expect(result.answer).toMatch(/no monthly-active-users threshold|no user cap/);
    const alone = await answers.ask(ctx, { question: 'what about its user cap?' });
    expect(alone.sources[0]?.path).not.toBe('licenses/gemma.md');
  });

  it('a self-contained follow-up switches subject: Falcon 40B after Llama 2 is answered as if asked alone', async () => {
    const result = await converse('Is Llama 2 free for commercial use?', 'what about its user cap?', 'Is Falcon 40B Apache 2.0?');
    expect(docs(result)).toContain('licenses/falcon-7b-40b.md');
    expect(docs(result).every((doc) => doc.startsWith('licenses/falcon-'))).toBe(true);
    expect(result.answer).not.toMatch(/Llama/);
    const alone = await answers.ask(ctx, { question: 'Is Falcon 40B Apache 2.0?' });
    expect(result.sources).toEqual(alone.sources);
    expect(result.answer).toBe(alone.answer);
  });

  it('"and what if we only use it internally?" after Falcon 180B hosting cites Falcon 180B §9.2 (background use)', async () => {
    const result = await converse('Can we use Falcon 180B to offer a hosted API?', 'and what if we only use it internally?');
    expect(docs(result)).toEqual(['licenses/falcon-180b.md']);
    expect(result.sources.some((source) => /^§9\.2/.test(source.section))).toBe(true);
  });

  describe('with a generative backend (fake OpenAI server)', () => {
    let fake: FakeProvider;
    let db: SqliteDatabase;
    let generative: AnswerService;

    beforeAll(async () => {
      fake = await startFakeOpenAi();
      db = openDatabase(':memory:');
      const logger = createLogger('silent');
      const usage = new UsageService(new SqliteUsageRepository(db));
      const backends = createBackendsService({ config: testConfig({ openai: fake.url }), settings: new SqliteSettingsRepository(db), catalog: testCatalog(), logger, usage, retryBaseDelayMs: 5 });
      generative = createAnswerService({ retriever: createRetriever(index), logger, catalog, resolveBackend: backends.resolveForAnswer, backendFor: backends.answerBackendFor });
    });
    afterAll(async () => {
      db?.close();
      await fake?.close();
    });

    it('a covered question worded unlike the knowledge base reaches the model with the retrieved chunks; an off-topic one makes no call', async () => {
      fake.behave({ kind: 'answer', text: 'Yes, self-hosting is allowed [1].' });
      const before = fake.requests.length;
      const offTopic = await generative.ask(ctx, { question: 'any good banana bread recipe? mine comes out dry', backend: 'openai:gpt-4o' });
      expect(offTopic.covered).toBe(false);
      expect(fake.requests.length).toBe(before);
      const chinese = await generative.ask(ctx, { question: '开源大模型和闭源大模型，哪个更适合我们公司的客服系统？', backend: 'openai:gpt-4o' });
      expect(chinese).toMatchObject({ covered: false, sources: [] });
      expect(chinese.answer).toMatch(/knowledge base is in English/);
      expect(fake.requests.length).toBe(before);

      const paraphrase = 'could we just run falcon-40b on our own boxes for our paying customers?';
      const result = await generative.ask(ctx, { question: paraphrase, backend: 'openai:gpt-4o' });
      expect(result).toMatchObject({ covered: true, backend: 'openai:gpt-4o', answer: 'Yes, self-hosting is allowed [1].' });
      expect(fake.requests.length).toBe(before + 1);
      expect(fake.requests.at(-1)!.prompt).toContain('Falcon');
    });

    it('a bare "why?" passes the coverage gate thanks to the conversation; the chain gets the question as asked plus the history', async () => {
      fake.behave({ kind: 'answer', text: 'Because §9 reserves hosting to TII [1].' });
      const before = fake.requests.length;
      const alone = await generative.ask(ctx, { question: 'why?', backend: 'openai:gpt-4o' });
      expect(alone.covered).toBe(false);
      expect(fake.requests.length).toBe(before); // no paid call for what the knowledge base cannot place

      const history = [user('Can we use Falcon 180B to offer a hosted API?'), assistant('No: hosting needs a separate license from TII [1].')];
      const result = await generative.ask(ctx, { question: 'why?', backend: 'openai:gpt-4o', history });
      expect(result).toMatchObject({ question: 'why?', covered: true, backend: 'openai:gpt-4o', answer: 'Because §9 reserves hosting to TII [1].' });
      expect(result.sources[0]?.path).toBe('licenses/falcon-180b.md');
      expect(fake.requests.length).toBe(before + 1);
      const prompt = fake.requests.at(-1)!.prompt;
      expect(prompt).toContain('Can we use Falcon 180B to offer a hosted API?');
      expect(prompt).toContain('No: hosting needs a separate license from TII');
      expect(prompt).not.toContain('why? (Falcon 180B');
    });
  });
});
