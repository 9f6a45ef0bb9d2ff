/** Token usage per server, user, backend and day. Stored on SQLite or PostgreSQL (src/store). */
import { sql, type Kysely } from 'kysely';
import type { SqliteDatabase } from '../store/database.js';
import type { Schema } from '../store/schema.js';
import { sqliteStore, type Store } from '../store/store.js';

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

/** Usage on SQLite or PostgreSQL: one upsert per answer that adds to the day's row, so no increment is lost across processes. */
export class SqlUsageRepository implements UsageRepository {
  private readonly db: Kysely<Schema>;

  constructor(store: Store) {
    this.db = store.db;
  }

  async add(record: UsageRecord): Promise<void> {
    await this.db
      .insertInto('usage_daily')
      .values({
        guild_id: record.guildId ?? NO_GUILD_USAGE,
        user_id: record.userId,
        backend: record.backend,
        day: record.day,
        requests: 1,
        input_tokens: record.inputTokens,
        output_tokens: record.outputTokens,
        cost_usd: record.costUsd,
        price_as_of: record.priceAsOf,
      })
      .onConflict((conflict) =>
        conflict.columns(['guild_id', 'user_id', 'backend', 'day']).doUpdateSet({
          requests: sql`usage_daily.requests + 1`,
          input_tokens: sql`usage_daily.input_tokens + excluded.input_tokens`,
          output_tokens: sql`usage_daily.output_tokens + excluded.output_tokens`,
          cost_usd: sql`CASE WHEN excluded.cost_usd IS NULL THEN usage_daily.cost_usd ELSE COALESCE(usage_daily.cost_usd, 0) + excluded.cost_usd END`,
          price_as_of: sql`COALESCE(excluded.price_as_of, usage_daily.price_as_of)`,
        }),
      )
      .execute();
  }

  async totals(guildId: string | null, sinceDay: string | null): Promise<UsageTotals[]> {
    let query = this.db
      .selectFrom('usage_daily')
      .select((eb) => [
        'backend',
        eb.fn.sum<number>('requests').as('requests'),
        eb.fn.sum<number>('input_tokens').as('inputTokens'),
        eb.fn.sum<number>('output_tokens').as('outputTokens'),
        eb.fn.sum<number | null>('cost_usd').as('costUsd'),
        eb.fn.max('price_as_of').as('priceAsOf'),
      ])
      .where('guild_id', '=', guildId ?? NO_GUILD_USAGE);
    if (sinceDay !== null) query = query.where('day', '>=', sinceDay);
    const rows = await query
      .groupBy('backend')
      .orderBy(sql`COALESCE(SUM(cost_usd), 0)`, 'desc')
      .orderBy(sql`SUM(input_tokens + output_tokens)`, 'desc')
      .execute();
    return rows.map((row) => ({
      backend: row.backend,
      requests: Number(row.requests),
      inputTokens: Number(row.inputTokens),
      outputTokens: Number(row.outputTokens),
      costUsd: row.costUsd === null ? null : Math.round(Number(row.costUsd) * 1e8) / 1e8,
      priceAsOf: row.priceAsOf,
    }));
  }
}

/** The SQLite form over an open better-sqlite3 handle (tests, scripts). */
export class SqliteUsageRepository extends SqlUsageRepository {
  constructor(db: SqliteDatabase) {
    super(sqliteStore(db));
  }
}
