/**
 * `answers.ask` with generative backends: resolution, streaming, usage and cost, retries only on
 * 429/5xx, fallback to `local` with the reason (or a clear error with PARLEY_FALLBACK=off), and
 * API keys never in replies or logs.
 */
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService, type AnswerService } from '../../src/answers/answer-service.js';
import { arenaBackendsFrom } from '../../src/arena/backends-adapter.js';
import { ArenaService, SqliteArenaRepository } from '../../src/arena/index.js';
import { createBackendsService, type BackendsService } from '../../src/backends/backends-service.js';
import { createLogger } from '../../src/core/logger.js';
import { UserError } from '../../src/core/errors.js';
import type { RequestContext } from '../../src/core/types.js';
import { openDatabase, type SqliteDatabase } from '../../src/store/database.js';
import { SqliteSettingsRepository } from '../../src/backends/settings-repository.js';
import { SqliteUsageRepository } from '../../src/usage/usage-repository.js';
import { UsageService } from '../../src/usage/usage-service.js';
import { refusedUrl, startFakeOpenAi, type FakeProvider } from '../fakes/providers/index.js';
import { CHUNKS, COVERED_QUESTION, KEYS, testCatalog, testConfig } from './helpers.js';

const ctx: RequestContext = { guildId: '100000000000000001', channelId: '200000000000000001', userId: '300000000000000001', isAdmin: false };
const admin: RequestContext = { ...ctx, userId: '300000000000000009', isAdmin: true };

interface Harness {
  answers: AnswerService;
  backends: BackendsService;
  usage: UsageService;
  db: SqliteDatabase;
  logs: string[];
  searches: number;
}

function build(openaiUrl: string, env: Record<string, string> = {}): Harness {
  const config = testConfig({ openai: openaiUrl }, env);
  const db = openDatabase(':memory:');
  const logs: string[] = [];
  const logger = createLogger('debug', new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }));
  const usage = new UsageService(new SqliteUsageRepository(db));
  const backends = createBackendsService({ config, settings: new SqliteSettingsRepository(db), catalog: testCatalog(), logger, usage, retryBaseDelayMs: 5 });
  const harness: Harness = { answers: undefined as never, backends, usage, db, logs, searches: 0 };
  harness.answers = createAnswerService({
    retriever: { search: async () => (harness.searches++, CHUNKS) },
    logger,
    resolveBackend: backends.resolveForAnswer,
    backendFor: backends.answerBackendFor,
  });
  return harness;
}

describe('answers with a generative backend', () => {
  let fake: FakeProvider;
  let h: Harness;

  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(() => fake.close());
  afterEach(() => h?.db.close());

  it('answers locally by default, and with the chosen backend per question (usage, cost, recorded)', async () => {
    h = build(fake.url);
    const local = await h.answers.ask(ctx, { question: COVERED_QUESTION });
    expect(local).toMatchObject({ backend: 'local', usage: null, costUsd: null, covered: true });

    fake.behave({ kind: 'answer', text: 'You must request a license from Meta above 700M MAU [1].', inputTokens: 1000, outputTokens: 100 });
    const before = fake.requests.length;
    const result = await h.answers.ask(ctx, { question: COVERED_QUESTION, backend: 'openai/gpt-4o' });
    expect(fake.requests.length).toBe(before + 1);
    expect(result).toMatchObject({ backend: 'openai:gpt-4o', covered: true, usage: { inputTokens: 1000, outputTokens: 100 } });
    expect(result.answer).toBe('You must request a license from Meta above 700M MAU [1].');
    expect(result.sources).toHaveLength(1);
    // $2.50 per 1M in + $10 per 1M out
    expect(result.costUsd).toBeCloseTo(0.0035, 8);
    expect(result.fallback).toBeUndefined();

    const summary = await h.usage.summary(ctx.guildId, 'today');
    expect(summary.rows).toEqual([{ backend: 'openai:gpt-4o', requests: 1, inputTokens: 1000, outputTokens: 100, costUsd: 0.0035, priceAsOf: '2024-08-06' }]);
  });

  it('streams through onProgress', async () => {
    h = build(fake.url);
    fake.behave({ kind: 'answer', text: 'Above 700 million monthly active users you need a license from Meta [1].' });
    const progress: string[] = [];
    const result = await h.answers.ask(ctx, { question: COVERED_QUESTION, backend: 'openai:gpt-4o', onProgress: (t) => progress.push(t) });
    expect(progress.length).toBeGreaterThan(3);
    expect(result.answer).toBe(progress.at(-1));
    expect(fake.requests.at(-1)!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(result.usage).not.toBeNull();
  });

  it('does not call a paid backend for a question the knowledge base does not cover', async () => {
    h = build(fake.url);
    const before = fake.requests.length;
    const result = await h.answers.ask(ctx, { question: 'What is the boiling point of mercury on Mars?', backend: 'openai:gpt-4o' });
    expect(result.covered).toBe(false);
    expect(result.sources).toEqual([]);
    expect(fake.requests.length).toBe(before);
  });

  it.each([
    ['HTTP 500', { kind: 'status', status: 500 } as const, 'HTTP 500 (server error)'],
    ['HTTP 429', { kind: 'status', status: 429 } as const, 'HTTP 429 (rate limited or out of quota)'],
    ['a hang', { kind: 'hang' } as const, 'timed out after 300 ms'],
  ])('falls back to the local answer on %s, saying why', async (_label, behaviour, reason) => {
    h = build(fake.url, { PARLEY_BACKEND_TIMEOUT_MS: '300' });
    fake.behave(behaviour);
    const result = await h.answers.ask(ctx, { question: COVERED_QUESTION, backend: 'openai:gpt-4o' });
    expect(result.backend).toBe('local');
    expect(result.fallback).toEqual({ from: 'openai:gpt-4o', reason });
    expect(result.answer).toContain('700 million');
    expect(result.sources.length).toBeGreaterThan(0);
    expect(h.searches).toBe(1);
  });

  it('falls back when the connection is refused', async () => {
    h = build(`${await refusedUrl()}/v1`);
    const result = await h.answers.ask(ctx, { question: COVERED_QUESTION, backend: 'openai:gpt-4o' });
    expect(result.fallback).toEqual({ from: 'openai:gpt-4o', reason: 'connection refused (is the server running?)' });
  });

  it('with PARLEY_FALLBACK=off, a failure is a clear error naming the backend and the reason', async () => {
    h = build(fake.url, { PARLEY_FALLBACK: 'off' });
    fake.behave({ kind: 'status', status: 503 });
    const error = await h.answers.ask(ctx, { question: COVERED_QUESTION, backend: 'openai:gpt-4o' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe('openai:gpt-4o could not answer: HTTP 503 (server error).');
  });

  it('retries 429 and 5xx with backoff, up to PARLEY_BACKEND_MAX_RETRIES, but never a 401', async () => {
    h = build(fake.url, { PARLEY_BACKEND_MAX_RETRIES: '2' });
    fake.behave({ kind: 'answer', text: 'A license from Meta is required [1].' });
    fake.queue({ kind: 'status', status: 429 }, { kind: 'status', status: 502 });
    let before = fake.requests.length;
    const ok = await h.answers.ask(ctx, { question: COVERED_QUESTION, backend: 'openai:gpt-4o' });
    expect(ok.backend).toBe('openai:gpt-4o');
    expect(fake.requests.length - before).toBe(3);

    fake.behave({ kind: 'status', status: 500 });
    before = fake.requests.length;
    expect((await h.answers.ask(ctx, { question: COVERED_QUESTION, backend: 'openai:gpt-4o' })).fallback?.reason).toBe('HTTP 500 (server error)');
    expect(fake.requests.length - before).toBe(3);

    fake.behave({ kind: 'status', status: 401 });
    before = fake.requests.length;
    expect((await h.answers.ask(ctx, { question: COVERED_QUESTION, backend: 'openai:gpt-4o' })).fallback?.reason).toBe('HTTP 401 (the API key was refused)');
    expect(fake.requests.length - before).toBe(1);
  });

  it('never shows or logs the API key, even when the provider echoes it', async () => {
    h = build(fake.url);
    fake.behave({ kind: 'status', status: 401, message: `Incorrect API key provided: ${KEYS.openai}. You can find your API key at https://platform.openai.com` });
    const result = await h.answers.ask(ctx, { question: COVERED_QUESTION, backend: 'openai:gpt-4o' });
    expect(result.fallback?.reason).toBe('HTTP 401 (the API key was refused)');
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEYS.openai}`);
    const logText = h.logs.join('');
    expect(logText).toContain('backend call failed');
    expect(logText).not.toContain('SECRET');
    expect(JSON.stringify(result)).not.toContain('SECRET');
  });

  it('refuses a closed backend in an open-only channel, from the question or a personal choice', async () => {
    h = build(fake.url);
    fake.behave({ kind: 'answer', text: 'ok [1]' });
    await h.backends.selection.usePersonal(ctx, 'openai:gpt-4o');
    expect((await h.answers.ask(ctx, { question: COVERED_QUESTION })).backend).toBe('openai:gpt-4o');

    await h.backends.selection.setPolicy(admin, 'open-only');
    const before = fake.requests.length;
    await expect(h.answers.ask(ctx, { question: COVERED_QUESTION })).rejects.toThrow(/open-models-only: `openai:gpt-4o` \(your personal choice/);
    await expect(h.answers.ask(ctx, { question: COVERED_QUESTION, backend: 'openai:gpt-4o' })).rejects.toThrow(/closed model/);
    expect(fake.requests.length).toBe(before);
    // Open backends still answer there.
    expect((await h.answers.ask(ctx, { question: COVERED_QUESTION, backend: 'local' })).backend).toBe('local');
    await expect(h.backends.assertAllowed(ctx, 'anthropic:claude-sonnet-4-20250514')).rejects.toThrow(UserError);
  });

  it('the arena retrieves once for both sides, answers `local` as /ask does, records the paid side\'s usage, and declines off-topic questions without a model call', async () => {
    h = build(fake.url);
    const arena = new ArenaService({ repository: new SqliteArenaRepository(h.db), backends: arenaBackendsFrom(h.backends, h.answers) });
    fake.behave({ kind: 'answer', text: 'Royalty-free [2].', inputTokens: 10, outputTokens: 3 });
    const { match } = await arena.start(ctx, { question: COVERED_QUESTION, a: 'local', b: 'openai:gpt-4o' });
    expect(h.searches).toBe(1);
    expect(match.a.answer).toBe((await h.answers.ask(ctx, { question: COVERED_QUESTION, backend: 'local' })).answer);
    expect(match.b).toMatchObject({ backend: 'openai:gpt-4o', answer: 'Royalty-free [1].' });
    expect(match.b.sources[0]!.section).toBe('§1 License rights');
    expect((await h.usage.summary(ctx.guildId, 'today')).rows).toMatchObject([{ backend: 'openai:gpt-4o', requests: 1, inputTokens: 10, outputTokens: 3 }]);

    const before = fake.requests.length;
    await expect(arena.start(ctx, { question: 'What is the boiling point of mercury on Mars?', a: 'local', b: 'openai:gpt-4o' })).rejects.toThrow(
      /doesn't cover this question.*Neither backend was asked\./,
    );
    expect(fake.requests.length).toBe(before);
  });
});
