/**
 * Real questions through the real service and knowledge base: "is X open source?", questions
 * about open or closed models as a class, and comparisons of two named models.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService, type AnswerService } from '../../src/answers/answer-service.js';
import { createLogger } from '../../src/core/logger.js';
import type { AnswerResult, RequestContext } from '../../src/core/types.js';
import { buildIndex, createRetriever, localEmbeddings, type KnowledgeIndex } from '../../src/retrieval/index.js';
import { tempDir } from '../retrieval/fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ctx: RequestContext = { guildId: '1', channelId: '2', userId: '3', isAdmin: false };

describe('answers to the questions a team asks (real knowledge base)', () => {
  let index: KnowledgeIndex;
  let answers: AnswerService;
  const ask = (question: string): Promise<AnswerResult> => answers.ask(ctx, { question });

  beforeAll(async () => {
    index = await buildIndex({ knowledgeDir: path.join(root, 'knowledge'), indexDir: tempDir(), embeddings: localEmbeddings() });
    answers = createAnswerService({ retriever: createRetriever(index), logger: createLogger('silent') });
  });
  afterAll(() => index?.close());

  it('says whether a model is open source from its own brief, with what the license allows', async () => {
    const gemma = await ask('Is Gemma open source?');
    expect(gemma.sources[0]?.path).toBe('licenses/gemma.md');
    expect(gemma.answer).toMatch(/open-weight/);
    expect(gemma.answer).toMatch(/not open source/);
    const mistral = await ask('Is Mistral 7B open source?');
    expect(mistral.sources[0]?.path).toBe('licenses/mistral.md');
    expect(mistral.answer).toMatch(/Apache License 2\.0.*open-source license/);
  });

  it('answers a question about the advantages of a class of models with several of its properties, each cited', async () => {
    const result = await ask('What are the main advantages of open models?');
    const sentences = result.answer.match(/\[\d+\]/g) ?? [];
    expect(sentences.length).toBeGreaterThanOrEqual(3);
    expect(new Set(result.sources.map((s) => s.section)).size).toBeGreaterThanOrEqual(3);
    expect(result.answer).toMatch(/generally free/);
    expect(result.answer).not.toMatch(/Both have their unique advantages/);
  });

  it('answers "risks" with weaknesses and "why pick" with strengths', async () => {
    const risks = await ask('What are the risks of open-source LLMs?');
    expect(risks.sources[0]?.section).toBe('Challenges Facing Open-Source LLMs');
    expect(risks.answer).not.toMatch(/rapid innovation|generally free/);
    const closed = await ask('Why would we pick a closed model?');
    expect(closed.sources[0]?.section).toBe('Advantages of Closed LLMs');
    const downsides = await ask('What are the downsides of closed LLMs?');
    expect(downsides.answer).toMatch(/payment/);
    expect(downsides.answer).not.toMatch(/Integrated Solutions|Financial Backing/);
  });

  it('answers an aspect question ("open vs closed for privacy?") with each side\'s position on that aspect', async () => {
    const privacy = await ask('Open vs closed for privacy?');
    expect(privacy.answer).toMatch(/Open Source LLMs: Users have full control over data handling/);
    expect(privacy.answer).toMatch(/Closed LLMs, however, can implement proprietary security measures/);
    expect(privacy.answer).not.toMatch(/critical considerations/);
    const cost = await ask('How do open and closed models compare on cost?');
    expect(cost.answer).toMatch(/free/i);
    expect(cost.answer).toMatch(/licensing fees|payment/);
    const innovation = await ask('is innovation faster on the open side?');
    expect(innovation.covered).toBe(true);
    expect(innovation.answer).toMatch(/Rapid innovation|rapid experimentation/);
  });

  it('gives both strengths and weaknesses for "pros and cons"', async () => {
    const result = await ask('Pros and cons of open-weight models');
    expect(result.answer).toMatch(/generally free|customizable/);
    expect(result.answer).toMatch(/Intellectual Property|Commercial Viability|Resource Requirements|more effort/);
  });

  it('answers a casually worded class question ("whats the downside of going closed?")', async () => {
    const result = await ask('whats the downside of going closed?');
    expect(result.covered).toBe(true);
    expect(result.answer).toMatch(/payment|Restricted access/);
  });

  it('gives each side of a price comparison its own price', async () => {
    const result = await ask('Which is cheaper, GPT-4o or Claude Sonnet 4?');
    expect(result.answer).toMatch(/GPT-4o: \$2\.50 per 1M input tokens/);
    expect(result.answer).toMatch(/Claude Sonnet 4: \$3\.00 per 1M input tokens/);
  });

  it('answers each side of a licensing comparison from its own clause on the topic asked', async () => {
    const result = await ask('Llama 2 or Mistral for a commercial product?');
    const llama = result.sources.find((s) => s.path === 'licenses/llama-2.md');
    expect(llama?.section).toMatch(/^§1\.a /);
    expect(result.sources.some((s) => s.path === 'licenses/mistral.md')).toBe(true);
    expect(result.answer).toMatch(/commercial use is allowed/);
  });

  it('still refuses an off-topic question dressed as a class question', async () => {
    const result = await ask('What are the advantages of open windows at night?');
    expect(result.covered).toBe(false);
    expect(result.sources).toEqual([]);
    const aspect = await ask('Open or closed curtains for privacy in the bedroom?');
    expect(aspect.covered).toBe(false);
  });
});
