/** Token usage per server, user, backend and day. Async so another store can implement it. */
import type { SqliteDatabase } from '../store/database.js';

export interface UsageRecord {
  guildId: string | null;
  userId: string;
  backend: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  priceAsOf: string | null;
}

export interface UsageTotals {
  backend: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** Sum of the priced answers; null when none had a price. */
  costUsd: number | null;
  priceAsOf: string | null;
}

export interface UsageRepository {
  add(record: UsageRecord): Promise<void>;
  /** Totals per backend for one server from `sinceDay` (inclusive), or all time when null. */
  totals(guildId: string | null, sinceDay: string | null): Promise<UsageTotals[]>;
}

export const NO_GUILD_USAGE = '@direct';

export class SqliteUsageRepository implements UsageRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async add(record: UsageRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO usage_daily (guild_id, user_id, backend, day, requests, input_tokens, output_tokens, cost_usd, price_as_of)
         VALUES (@guildId, @userId, @backend, @day, 1, @inputTokens, @outputTokens, @costUsd, @priceAsOf)
         ON CONFLICT (guild_id, user_id, backend, day) DO UPDATE SET
           requests = requests + 1,
           input_tokens = input_tokens + excluded.input_tokens,
           output_tokens = output_tokens + excluded.output_tokens,
           cost_usd = CASE WHEN excluded.cost_usd IS NULL THEN cost_usd ELSE COALESCE(cost_usd, 0) + excluded.cost_usd END,
           price_as_of = COALESCE(excluded.price_as_of, price_as_of)`,
      )
      .run({ ...record, guildId: record.guildId ?? NO_GUILD_USAGE });
  }

  async totals(guildId: string | null, sinceDay: string | null): Promise<UsageTotals[]> {
    const rows = this.db
      .prepare(
        `SELECT backend, SUM(requests) AS requests, SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
                SUM(cost_usd) AS costUsd, MAX(price_as_of) AS priceAsOf
         FROM usage_daily WHERE guild_id = ? AND (? IS NULL OR day >= ?)
         GROUP BY backend ORDER BY COALESCE(SUM(cost_usd), 0) DESC, SUM(input_tokens + output_tokens) DESC`,
      )
      .all(guildId ?? NO_GUILD_USAGE, sinceDay, sinceDay) as UsageTotals[];
    return rows.map((row) => ({ ...row, costUsd: row.costUsd === null ? null : Math.round(row.costUsd * 1e8) / 1e8 }));
  }
}
