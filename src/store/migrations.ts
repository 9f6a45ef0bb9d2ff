/**
 * Schema migrations, applied in order, each once, inside a transaction.
 * Append new entries at the end; never change what one that has shipped creates.
 * Each is written once for both engines: `ColumnTypes` fills in where they differ (epoch
 * milliseconds and counters need BIGINT on PostgreSQL; `seq` stands in for SQLite's rowid as the
 * insertion order).
 */
export interface Migration {
  id: string;
  /** The SQLite form. */
  sql: string;
  /** The PostgreSQL form. */
  postgres: string;
}

interface ColumnTypes {
  time: string;
  count: string;
  real: string;
  /** A first column that records insertion order where the engine has no rowid. */
  seq: string;
}

const SQLITE: ColumnTypes = { time: 'INTEGER', count: 'INTEGER', real: 'REAL', seq: '' };
const POSTGRES: ColumnTypes = { time: 'BIGINT', count: 'BIGINT', real: 'DOUBLE PRECISION', seq: 'seq BIGSERIAL,' };

function migration(id: string, ddl: (t: ColumnTypes) => string): Migration {
  return { id, sql: ddl(SQLITE), postgres: ddl(POSTGRES) };
}

export const MIGRATIONS: Migration[] = [
  migration(
    '0100-polls',
    (t) => `
      CREATE TABLE polls (
        id TEXT PRIMARY KEY,
        guild_id TEXT,
        channel_id TEXT NOT NULL,
        creator_id TEXT NOT NULL,
        question TEXT NOT NULL,
        options_json TEXT NOT NULL,
        anonymous INTEGER NOT NULL DEFAULT 0,
        max_choices INTEGER NOT NULL DEFAULT 1,
        voter_salt TEXT NOT NULL,
        created_at ${t.time} NOT NULL,
        closes_at ${t.time} NOT NULL,
        closed_at ${t.time},
        closed_by TEXT,
        message_channel_id TEXT,
        message_id TEXT
      );
      CREATE INDEX polls_open ON polls (closed_at, guild_id, closes_at);
      CREATE TABLE poll_votes (
        ${t.seq}
        poll_id TEXT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
        voter TEXT NOT NULL,
        option_idx INTEGER NOT NULL,
        voted_at ${t.time} NOT NULL,
        UNIQUE (poll_id, voter, option_idx)
      );
      CREATE INDEX poll_votes_voter ON poll_votes (poll_id, voter);
    `,
  ),
  migration(
    '0101-arena',
    (t) => `
      CREATE TABLE arena_matches (
        id TEXT PRIMARY KEY,
        guild_id TEXT,
        channel_id TEXT NOT NULL,
        creator_id TEXT NOT NULL,
        question TEXT NOT NULL,
        backend_a TEXT NOT NULL,
        backend_b TEXT NOT NULL,
        answer_a TEXT NOT NULL,
        answer_b TEXT NOT NULL,
        sources_json TEXT NOT NULL,
        blind INTEGER NOT NULL DEFAULT 0,
        created_at ${t.time} NOT NULL
      );
      CREATE INDEX arena_matches_guild ON arena_matches (guild_id, created_at);
      CREATE TABLE arena_votes (
        ${t.seq}
        match_id TEXT NOT NULL REFERENCES arena_matches (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('a', 'b', 'tie', 'bad')),
        voted_at ${t.time} NOT NULL,
        PRIMARY KEY (match_id, user_id)
      );
    `,
  ),
  migration(
    '0200-backend-settings-and-usage',
    (t) => `
      CREATE TABLE backend_user_choice (
        guild_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        backend TEXT NOT NULL,
        updated_at ${t.time} NOT NULL,
        PRIMARY KEY (guild_id, user_id)
      );
      CREATE TABLE backend_guild_default (
        guild_id TEXT PRIMARY KEY,
        backend TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at ${t.time} NOT NULL
      );
      CREATE TABLE channel_backend_policy (
        channel_id TEXT PRIMARY KEY,
        guild_id TEXT,
        policy TEXT NOT NULL CHECK (policy IN ('open-only', 'any')),
        updated_by TEXT NOT NULL,
        updated_at ${t.time} NOT NULL
      );
      CREATE TABLE usage_daily (
        guild_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        backend TEXT NOT NULL,
        day TEXT NOT NULL,
        requests ${t.count} NOT NULL DEFAULT 0,
        input_tokens ${t.count} NOT NULL DEFAULT 0,
        output_tokens ${t.count} NOT NULL DEFAULT 0,
        cost_usd ${t.real},
        price_as_of TEXT,
        PRIMARY KEY (guild_id, user_id, backend, day)
      );
      CREATE INDEX usage_daily_guild_day ON usage_daily (guild_id, day);
    `,
  ),
  migration(
    '1200-team-documents',
    (t) => `
      CREATE TABLE team_documents (
        id TEXT PRIMARY KEY,
        guild_id TEXT,
        title TEXT NOT NULL,
        file_name TEXT NOT NULL,
        format TEXT NOT NULL,
        text TEXT NOT NULL,
        loader_name TEXT NOT NULL,
        added_by_id TEXT NOT NULL,
        added_by_name TEXT NOT NULL,
        added_at ${t.time} NOT NULL,
        size_bytes INTEGER NOT NULL,
        chunk_count INTEGER NOT NULL
      );
      CREATE INDEX team_documents_guild ON team_documents (guild_id, added_at);
    `,
  ),
];
