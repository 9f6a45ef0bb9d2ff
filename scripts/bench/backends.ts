/**
 * Parley's own overhead per generative answer: `answers.ask` with a backend whose (fake, local)
 * server answers at once, minus the time that server spent. Covers backend resolution and
 * policy (SQLite), the LangChain prompt + client, HTTP on loopback, citation clean-up, pricing
 * and usage recording. Retrieval is stubbed (the core section measures it). Target: ≤ 10 ms p50.
 */
import { performance } from 'node:perf_hooks';
import { createAnswerService } from '../../src/answers/answer-service.js';
import { createBackendsService } from '../../src/backends/backends-service.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/core/logger.js';
import type { RequestContext } from '../../src/core/types.js';
import { openDatabase } from '../../src/store/database.js';
import { SqliteSettingsRepository } from '../../src/backends/settings-repository.js';
import { SqliteUsageRepository } from '../../src/usage/usage-repository.js';
import { UsageService } from '../../src/usage/usage-service.js';
import { startFakeOpenAi } from '../../test/fakes/providers/openai.js';
import type { AnswerChunk } from '../../src/answers/local-answerer.js';
import { percentile, runSectionIfMain, type BenchFigure } from './run-section.js';

const CHUNKS: AnswerChunk[] = [
  {
    id: 'llama-2#2',
    title: 'Llama 2 Community License',
    section: '§2 Additional commercial terms',
    path: 'licenses/llama-2.md',
    url: 'https://ai.meta.com/llama/license/',
    score: 0.9,
    text: 'If the monthly active users of your products exceed 700 million, you must request a license from Meta, which Meta may grant in its sole discretion.',
  },
  {
    id: 'article#3',
    title: 'Open vs closed LLMs',
    section: 'Costs',
    path: 'article-open-vs-closed-llms.md',
    url: null,
    score: 0.5,
    text: 'Closed APIs charge per token; open models cost the hardware you run them on.',
  },
];
const QUESTION = 'Do we need a license from Meta when our products exceed 700 million monthly active users?';
const ctx: RequestContext = { guildId: '100000000000000001', channelId: '200000000000000001', userId: '300000000000000001', isAdmin: false };

export async function run(): Promise<BenchFigure[]> {
  const fake = await startFakeOpenAi({ kind: 'answer', text: 'Above 700 million monthly active users you must request a license from Meta [1]. Closed APIs charge per token [2].', inputTokens: 400, outputTokens: 30 });
  const config = loadConfig({ OPENAI_API_KEY: 'sk-bench-not-a-real-key', OPENAI_BASE_URL: fake.url, PARLEY_DB_PATH: ':memory:', PARLEY_BACKEND_MAX_RETRIES: '0', PARLEY_RATE_LIMIT_PER_MINUTE: '0', PARLEY_LOG_LEVEL: 'silent' });
  const db = openDatabase(':memory:');
  const logger = createLogger('silent');
  const usage = new UsageService(new SqliteUsageRepository(db));
  const backends = createBackendsService({ config, settings: new SqliteSettingsRepository(db), catalog: null, logger, usage });
  const answers = createAnswerService({ retriever: { search: async () => CHUNKS }, logger, resolveBackend: backends.resolveForAnswer, backendFor: backends.answerBackendFor });
  try {
    const measure = async (stream: boolean, iterations: number): Promise<number[]> => {
      const overheads: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const before = fake.requests.length;
        const started = performance.now();
        const result = await answers.ask(ctx, { question: QUESTION, backend: 'openai:gpt-4o', ...(stream ? { onProgress: () => undefined } : {}) });
        const total = performance.now() - started;
        if (result.backend !== 'openai:gpt-4o') throw new Error(`bench answer fell back: ${JSON.stringify(result.fallback)}`);
        const serverMs = fake.requests.slice(before).reduce((sum, r) => sum + (r.serverMs ?? 0), 0);
        overheads.push(total - serverMs);
      }
      return overheads;
    };
    await measure(false, 150);
    await measure(true, 100);
    const plain = await measure(false, 200);
    const streamed = await measure(true, 200);
    return [
      { name: 'backends: Parley overhead per generative answer (p50)', value: percentile(plain, 50), unit: 'ms' },
      { name: 'backends: Parley overhead per generative answer (p95)', value: percentile(plain, 95), unit: 'ms' },
      { name: 'backends: Parley overhead per streamed generative answer (p50)', value: percentile(streamed, 50), unit: 'ms' },
    ];
  } finally {
    db.close();
    await fake.close();
  }
}

await runSectionIfMain(import.meta.url, 'backends', run);
