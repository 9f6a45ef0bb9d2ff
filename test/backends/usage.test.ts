/** Usage per server, user, backend and day, with cost from catalog prices. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/core/types.js';
import { costUsd, formatCost } from '../../src/usage/pricing.js';
import { SqlUsageRepository } from '../../src/usage/usage-repository.js';
import { UsageService } from '../../src/usage/usage-service.js';
import { ENGINES, type StorePlace } from '../support/engines.js';
import { testCatalog } from './helpers.js';

const ctx: RequestContext = { guildId: '100000000000000001', channelId: '2000000001', userId: '3000000001', isAdmin: false };

describe('usage and cost', () => {
  it('prices tokens per 1M from the catalog; free or unknown is null', () => {
    const price = testCatalog().get('gpt-4o')!.price;
    expect(costUsd(price, { inputTokens: 1_000_000, outputTokens: 500_000 })).toBe(7.5);
    expect(costUsd(null, { inputTokens: 10, outputTokens: 10 })).toBeNull();
    expect(costUsd(price, null)).toBeNull();
    expect(formatCost(0.0035)).toBe('$0.0035');
    expect(formatCost(null)).toBe('no cost data');
  });
});

describe.each(ENGINES.filter((engine) => engine.available))('usage store on $name', (engine) => {
  let place: StorePlace;
  beforeEach(async () => {
    place = await engine.place();
  });
  afterEach(() => place.dispose());

  it('sums per backend for a period, keeping unknown cost as null', async () => {
    let now = new Date('2026-11-27T10:00:00Z');
    const usage = new UsageService(new SqlUsageRepository(await place.open()), () => now);
    await usage.record(ctx, 'openai:gpt-4o', { inputTokens: 1000, outputTokens: 100 }, 0.0035, '2024-08-06');
    await usage.record({ ...ctx, userId: '3000000002' }, 'openai:gpt-4o', { inputTokens: 2000, outputTokens: 200 }, 0.007, '2024-08-06');
    await usage.record(ctx, 'ollama:llama2', { inputTokens: 500, outputTokens: 50 }, null);
    await usage.record({ ...ctx, guildId: '999' }, 'openai:gpt-4o', { inputTokens: 9, outputTokens: 9 }, 1);
    now = new Date('2026-12-05T10:00:00Z');
    await usage.record(ctx, 'openai:gpt-4o', { inputTokens: 10, outputTokens: 1 }, 0.00003, '2024-08-06');

    const today = await usage.summary(ctx.guildId, 'today');
    expect(today.rows).toEqual([{ backend: 'openai:gpt-4o', requests: 1, inputTokens: 10, outputTokens: 1, costUsd: 0.00003, priceAsOf: '2024-08-06' }]);

    const month = await usage.summary(ctx.guildId, '30d');
    expect(month.rows.map((r) => [r.backend, r.requests, r.inputTokens, r.costUsd])).toEqual([
      ['openai:gpt-4o', 3, 3010, 0.01053],
      ['ollama:llama2', 1, 500, null],
    ]);
    expect(month.totalCostUsd).toBe(0.01053);
    expect(month.totalInputTokens).toBe(3510);
    expect((await usage.summary(ctx.guildId, '7d')).rows).toHaveLength(1);
    expect((await usage.summary('nobody', 'all')).totalCostUsd).toBeNull();
  });

  // SQLite is one process's store: two processes only on PostgreSQL.
  if (engine.shared) it('loses no increment when two processes record at once', async () => {
    const now = () => new Date('2026-11-27T10:00:00Z');
    const first = new UsageService(new SqlUsageRepository(await place.open()), now);
    const second = new UsageService(new SqlUsageRepository(await place.open()), now);
    await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? first : second).record(ctx, 'openai:gpt-4o', { inputTokens: 10, outputTokens: 1 }, 0.0001, '2024-08-06')));
    const today = await first.summary(ctx.guildId, 'today');
    expect(today.rows).toEqual([{ backend: 'openai:gpt-4o', requests: 100, inputTokens: 1000, outputTokens: 100, costUsd: 0.01, priceAsOf: '2024-08-06' }]);
  });
});
