/**
 * Where a team's decisions live: SQLite (one file, WAL; the embedded default for one process)
 * or PostgreSQL (DATABASE_URL; shared by every process, shard and host). The repositories run
 * the same Kysely queries on either; this module opens the engine, brings its schema up to date
 * and gives them the two things that differ: how a write transaction is taken and how a key is
 * serialised across processes.
 */
import { Kysely, PostgresDialect, SqliteDialect, sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import { openDatabase, type SqliteDatabase } from './database.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import type { Schema } from './schema.js';

export type StoreDialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Schema>;
  dialect: StoreDialect;
  /**
   * Runs `work` in one write transaction. SQLite: BEGIN IMMEDIATE (the write lock up front, so a
   * second process waits instead of racing). PostgreSQL: READ COMMITTED, retried when it loses a
   * race (serialization failure, deadlock, unique violation), so callers write plain logic.
   */
  write<T>(work: (trx: Kysely<Schema>) => Promise<T>): Promise<T>;
  /** Serialises `key` until the transaction ends (PostgreSQL advisory lock; SQLite's write lock already does). */
  lock(trx: Kysely<Schema>, key: string): Promise<void>;
  /** The column that orders rows of `table` as they were inserted (rowid on SQLite, `seq` on PostgreSQL). */
  insertionOrder(table: string): RawBuilder<unknown>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** postgres://… : PostgreSQL; absent: the SQLite file. */
  databaseUrl?: string | undefined;
  sqliteFile: string;
  /** Connections per process (PostgreSQL). */
  poolSize?: number;
  /** Errors of idle PostgreSQL connections (a restarted server): logged, the pool reconnects. */
  onIdleError?: (error: Error) => void;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.databaseUrl) return openPostgresStore(options.databaseUrl, options);
  const handle = openDatabase(options.sqliteFile);
  const store = sqliteStore(handle);
  return {
    ...store,
    close: async () => {
      handle.close();
    },
  };
}

const sqliteStores = new WeakMap<SqliteDatabase, Store>();

/**
 * A Store over an open better-sqlite3 handle (already migrated by openDatabase). One per handle:
 * its Kysely instance owns the handle's only connection, so transactions of different
 * repositories queue instead of interleaving. Closing it leaves the handle to its owner.
 */
export function sqliteStore(handle: SqliteDatabase): Store {
  const cached = sqliteStores.get(handle);
  if (cached) return cached;
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: handle }) });
  const store: Store = {
    db,
    dialect: 'sqlite',
    write: (work) =>
      db.connection().execute(async (conn) => {
        await sql`BEGIN IMMEDIATE`.execute(conn);
        try {
          const result = await work(conn);
          await sql`COMMIT`.execute(conn);
          return result;
        } catch (error) {
          if (handle.inTransaction) await sql`ROLLBACK`.execute(conn);
          throw error;
        }
      }),
    lock: async () => undefined,
    insertionOrder: (table) => sql.ref(`${table}.rowid`),
    close: async () => undefined,
  };
  sqliteStores.set(handle, store);
  return store;
}

/** SQLSTATEs of a transaction that lost a race and may simply run again. */
const RETRYABLE = new Set(['40001', '40P01', '23505']);
const MAX_ATTEMPTS = 8;

// BIGINT (epoch ms, counters) and NUMERIC (SUM of BIGINT) arrive as strings by default; every
// value Parley stores is far below 2^53, so numbers are exact.
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID || oid === NUMERIC_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

async function openPostgresStore(url: string, options: OpenStoreOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: pgTypes });
  pool.on('error', (error) => options.onIdleError?.(error));
  try {
    await migratePostgres(pool, MIGRATIONS);
  } catch (error) {
    await pool.end();
    throw new Error(`could not open PostgreSQL at ${redactUrl(url)} (DATABASE_URL): ${(error as Error).message}`, { cause: error });
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    async write(work) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction().execute(work);
        } catch (error) {
          if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
        }
      }
    },
    async lock(trx, key) {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
    },
    insertionOrder: (table) => sql.ref(`${table}.seq`),
    close: () => db.destroy(),
  };
}

/** Applies pending migrations in one transaction, under an advisory lock: processes starting together migrate once. */
export async function migratePostgres(pool: pg.Pool, migrations: readonly Migration[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('parley:migrations', 0))");
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = new Set((await client.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((row) => row.id));
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue;
      await client.query(migration.postgres);
      await client.query('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)', [migration.id, new Date().toISOString()]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** postgres://user:secret@host/db → postgres://user:***@host/db (never log a password). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}

