/**
 * Limits on generative backends, checked before each provider call: a per-member rate (answers
 * per minute) and an optional daily spend cap per server. `local` is never limited, so a member
 * over a limit can still get an answer from it.
 */
import { UserError } from '../core/errors.js';
import type { RequestContext } from '../core/types.js';
import { usd } from '../polls/format.js';
import type { UsageService } from './usage-service.js';

const WINDOW_MS = 60_000;

export interface SpendLimits {
  /** Generative answers per member per minute; 0 = no limit. */
  memberAnswersPerMinute: number;
  /** Estimated spend per server per UTC day on priced backends; undefined = no cap. */
  dailyBudgetUsd: number | undefined;
}

export interface BudgetToday {
  budgetUsd: number;
  spentUsd: number;
  leftUsd: number;
}

export class SpendGuard {
  /** Member key → times of their recent generative calls (within the window). */
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly usage: UsageService,
    readonly limits: SpendLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Lets one generative call through or throws a UserError saying why not and what still works.
   * `priced`: the backend has a list price, so the daily cap applies.
   */
  async admit(ctx: RequestContext, backend: string, priced: boolean): Promise<void> {
    if (priced) {
      const budget = await this.budgetToday(ctx.guildId);
      if (budget && budget.leftUsd <= 0) {
        throw new UserError(
          `This server has used its daily budget for paid backends (${usd(budget.budgetUsd)}, PARLEY_DAILY_BUDGET_USD), so \`${backend}\` was not called. ` +
            'It resets at 00:00 UTC; meanwhile the `local` backend answers (free, always available). `/usage` shows the spend.',
          'budget_exhausted',
        );
      }
    }
    this.takeSlot(ctx, backend);
  }

  /** Today's cap, spend and what is left, or null when no cap is configured. */
  async budgetToday(guildId: string | null): Promise<BudgetToday | null> {
    const budgetUsd = this.limits.dailyBudgetUsd;
    if (budgetUsd === undefined) return null;
    const spentUsd = (await this.usage.summary(guildId, 'today')).totalCostUsd ?? 0;
    return { budgetUsd, spentUsd, leftUsd: Math.max(0, Math.round((budgetUsd - spentUsd) * 1e6) / 1e6) };
  }

  private takeSlot(ctx: RequestContext, backend: string): void {
    const perMinute = this.limits.memberAnswersPerMinute;
    if (perMinute <= 0) return;
    const key = `${ctx.guildId ?? 'dm'}:${ctx.userId}`;
    const current = this.now();
    const times = (this.recent.get(key) ?? []).filter((at) => current - at < WINDOW_MS);
    if (times.length >= perMinute) {
      this.recent.set(key, times);
      const waitS = Math.max(1, Math.ceil((times[0]! + WINDOW_MS - current) / 1000));
      throw new UserError(
        `You have asked generative backends ${perMinute} times in the last minute, the limit per member, so \`${backend}\` was not called. ` +
          `Try again in ${waitS} s, or use the \`local\` backend (not limited).`,
        'rate_limited',
      );
    }
    times.push(current);
    this.recent.set(key, times);
    if (this.recent.size > 10_000) this.sweep(current);
  }

  private sweep(current: number): void {
    for (const [key, times] of this.recent) if (times.every((at) => current - at >= WINDOW_MS)) this.recent.delete(key);
  }
}
