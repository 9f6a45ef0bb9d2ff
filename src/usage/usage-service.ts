/** Records what each answer cost and sums it up for `/usage`. */
import { UserError } from '../core/errors.js';
import type { RequestContext, Usage } from '../core/types.js';
import type { UsageRepository, UsageTotals } from './usage-repository.js';

export type UsagePeriod = 'today' | '7d' | '30d' | 'all';
export const USAGE_PERIODS: readonly UsagePeriod[] = ['today', '7d', '30d', 'all'];

/** A period as typed or sent (a forged interaction may send anything): validated, or a UserError. */
export function parseUsagePeriod(value: string | null | undefined): UsagePeriod {
  if (value === null || value === undefined || value === '') return '30d';
  if ((USAGE_PERIODS as readonly string[]).includes(value)) return value as UsagePeriod;
  throw new UserError(`There is no usage period called "${value.slice(0, 40)}". Pick one of: ${USAGE_PERIODS.join(', ')}.`, 'bad_period');
}

export interface UsageSummary {
  period: UsagePeriod;
  /** First day counted (UTC, inclusive), null for all time. */
  since: string | null;
  rows: UsageTotals[];
  totalInputTokens: number;
  totalOutputTokens: number;
  /** Sum of priced answers, null when nothing had a price. */
  totalCostUsd: number | null;
}

export class UsageService {
  constructor(
    private readonly repository: UsageRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(ctx: RequestContext, backend: string, usage: Usage, costUsd: number | null, priceAsOf: string | null = null): Promise<void> {
    await this.repository.add({
      guildId: ctx.guildId,
      userId: ctx.userId,
      backend,
      day: dayOf(this.now()),
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      costUsd,
      priceAsOf,
    });
  }

  async summary(guildId: string | null, period: UsagePeriod = '30d'): Promise<UsageSummary> {
    const since = sinceDay(this.now(), period);
    const rows = await this.repository.totals(guildId, since);
    const priced = rows.filter((row) => row.costUsd !== null);
    return {
      period,
      since,
      rows,
      totalInputTokens: rows.reduce((sum, row) => sum + row.inputTokens, 0),
      totalOutputTokens: rows.reduce((sum, row) => sum + row.outputTokens, 0),
      totalCostUsd: priced.length > 0 ? Math.round(priced.reduce((sum, row) => sum + (row.costUsd ?? 0), 0) * 1e8) / 1e8 : null,
    };
  }
}

export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function sinceDay(now: Date, period: UsagePeriod): string | null {
  const days = { today: 0, '7d': 6, '30d': 29, all: null }[period];
  if (days === null) return null;
  return dayOf(new Date(now.getTime() - days * 86_400_000));
}
