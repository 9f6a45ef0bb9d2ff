/** Ollama's pulled models, discovered from GET /api/tags: listed with sizes, checked before a call, no OLLAMA_MODELS needed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackendsService, type BackendsService } from '../../src/backends/backends-service.js';
import { createLogger } from '../../src/core/logger.js';
import type { RequestContext } from '../../src/core/types.js';
import { SqliteSettingsRepository } from '../../src/backends/settings-repository.js';
import { openDatabase } from '../../src/store/database.js';
import { SqliteUsageRepository } from '../../src/usage/usage-repository.js';
import { UsageService } from '../../src/usage/usage-service.js';
import type { Services } from '../../src/app/services.js';
import { modelCommand } from '../../src/terminal/commands/model.js';
import type { TerminalSession } from '../../src/terminal/commands/types.js';
import { refusedUrl, startFakeOllama, type FakeOllama } from '../fakes/providers/index.js';
import { CHUNKS, testCatalog, testConfig } from './helpers.js';

const me: RequestContext = { guildId: null, channelId: 'terminal', userId: 'terminal:me', isAdmin: true };

let ollama: FakeOllama;

beforeAll(async () => {
  ollama = await startFakeOllama(undefined, [
    { name: 'llama2:latest', size: 3_826_793_677 },
    { name: 'qwen2.5:0.5b', size: 397_821_319 },
  ]);
});

afterAll(async () => {
  await ollama?.close();
});

function backendsAt(url: string, extra: Record<string, string> = {}): BackendsService {
  const db = openDatabase(':memory:');
  return createBackendsService({
    config: testConfig({ ollama: url }, { OLLAMA_MODELS: '', ...extra }),
    settings: new SqliteSettingsRepository(db),
    catalog: testCatalog(),
    logger: createLogger('silent'),
    usage: new UsageService(new SqliteUsageRepository(db)),
  });
}

describe('Ollama discovery', () => {
  it('lists the pulled models with their sizes, asking Ollama once per short while', async () => {
    const backends = backendsAt(ollama.url);
    const before = ollama.tagRequests();
    const { items } = await backends.listFor(me);
    const ollamaItems = items.filter((i) => i.entry.provider === 'ollama').map((i) => i.entry);
    expect(ollamaItems).toEqual([
      expect.objectContaining({ name: 'ollama:llama2', available: true, sizeBytes: 3_826_793_677, catalogModelId: 'llama-2-7b' }),
      expect.objectContaining({ name: 'ollama:qwen2.5:0.5b', available: true, sizeBytes: 397_821_319 }),
    ]);
    await backends.listFor(me);
    expect(ollama.tagRequests() - before).toBe(1);

    const printed: string[] = [];
    const session: TerminalSession = { services: { backends } as unknown as Services, ctx: me, lastAnswer: null, history: [], write: (text) => printed.push(text) };
    await modelCommand.run('list', session);
    expect(printed[0]).toMatch(/^ {2}ollama:llama2 +open, 3\.8 GB +available/m);
    expect(printed[0]).toMatch(/^ {2}ollama:qwen2\.5:0\.5b +open, 398 MB +available/m);
  });

  it('answers with any pulled model, and names `ollama pull` for one that is not pulled', async () => {
    const backends = backendsAt(ollama.url);
    const answer = await backends.answerWith(me, 'ollama:qwen2.5:0.5b', 'Can we ship Llama 2?', CHUNKS);
    expect(answer).toMatchObject({ backend: 'ollama:qwen2.5:0.5b', usage: { inputTokens: expect.any(Number) } });
    await expect(backends.answerWith(me, 'ollama:phi3', 'Can we ship Llama 2?', CHUNKS)).rejects.toThrow(
      'ollama:phi3 could not answer: phi3 is not pulled: run `ollama pull phi3` on the Ollama host.',
    );
    await expect(backends.selection.usePersonal(me, 'ollama:phi3')).rejects.toThrow('`ollama:phi3` is not available yet: phi3 is not pulled');
  });

  it('sees a model pulled after the last look without waiting for the cache', async () => {
    const backends = backendsAt(ollama.url);
    await backends.listFor(me);
    ollama.setPulled([{ name: 'llama2:latest', size: 3_826_793_677 }, { name: 'mistral:latest', size: 4_109_865_159 }]);
    try {
      expect(await backends.selection.usePersonal(me, 'ollama:mistral')).toMatchObject({ name: 'ollama:mistral' });
      const { items } = await backends.listFor(me);
      expect(items.find((i) => i.entry.name === 'ollama:mistral')?.entry.sizeBytes).toBe(4_109_865_159);
    } finally {
      ollama.setPulled([{ name: 'llama2:latest', size: 3_826_793_677 }, { name: 'qwen2.5:0.5b', size: 397_821_319 }]);
    }
  });

  it('marks configured models not pulled, and everything unreachable when Ollama is down', async () => {
    const listed = (await backendsAt(ollama.url, { OLLAMA_MODELS: 'gemma:2b' }).listFor(me)).items.find((i) => i.entry.name === 'ollama:gemma:2b');
    expect(listed?.entry).toMatchObject({ available: false, unavailableReason: 'gemma:2b is not pulled: run `ollama pull gemma:2b` on the Ollama host' });

    const down = await refusedUrl();
    const backends = backendsAt(down, { OLLAMA_MODELS: 'llama2' });
    const item = (await backends.listFor(me)).items.find((i) => i.entry.provider === 'ollama');
    expect(item?.entry).toMatchObject({ name: 'ollama:llama2', available: false, unavailableReason: `Ollama is not reachable at ${down} (connection refused); start it, or set OLLAMA_BASE_URL` });
    await expect(backends.answerWith(me, 'ollama:llama2', 'Can we ship Llama 2?', CHUNKS)).rejects.toThrow(`Ollama is not reachable at ${down}`);
    // Ollama may be started later: choosing it is not refused.
    expect(await backends.selection.usePersonal(me, 'ollama:llama2')).toMatchObject({ name: 'ollama:llama2' });
  });
});
