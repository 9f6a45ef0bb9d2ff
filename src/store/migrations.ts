/**
 * Schema migrations, applied in order, each once, inside a transaction.
 * Append new entries at the end; never edit one that has shipped.
 * `sql` is the SQLite form; `postgres` the PostgreSQL form where the two differ (epoch
 * milliseconds need BIGINT; `seq` stands in for SQLite's rowid as the insertion order).
 */
export interface Migration {
  id: string;
  sql: string;
  postgres?: string;
}

export const MIGRATIONS: Migration[] = [
  {
    id: '0100-polls',
    sql: `
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
        created_at INTEGER NOT NULL,
        closes_at INTEGER NOT NULL,
        closed_at INTEGER,
        closed_by TEXT,
        message_channel_id TEXT,
        message_id TEXT
      );
      CREATE INDEX polls_open ON polls (closed_at, guild_id, closes_at);
      CREATE TABLE poll_votes (
        poll_id TEXT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
        voter TEXT NOT NULL,
        option_idx INTEGER NOT NULL,
        voted_at INTEGER NOT NULL,
        UNIQUE (poll_id, voter, option_idx)
      );
      CREATE INDEX poll_votes_voter ON poll_votes (poll_id, voter);
    `,
    postgres: `
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
        created_at BIGINT NOT NULL,
        closes_at BIGINT NOT NULL,
        closed_at BIGINT,
        closed_by TEXT,
        message_channel_id TEXT,
        message_id TEXT
      );
      CREATE INDEX polls_open ON polls (closed_at, guild_id, closes_at);
      CREATE TABLE poll_votes (
        seq BIGSERIAL,
        poll_id TEXT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
        voter TEXT NOT NULL,
        option_idx INTEGER NOT NULL,
        voted_at BIGINT NOT NULL,
        UNIQUE (poll_id, voter, option_idx)
      );
      CREATE INDEX poll_votes_voter ON poll_votes (poll_id, voter);
    `,
  },
  {
    id: '0101-arena',
    sql: `
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
        created_at INTEGER NOT NULL
      );
      CREATE INDEX arena_matches_guild ON arena_matches (guild_id, created_at);
      CREATE TABLE arena_votes (
        match_id TEXT NOT NULL REFERENCES arena_matches (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('a', 'b', 'tie', 'bad')),
        voted_at INTEGER NOT NULL,
        PRIMARY KEY (match_id, user_id)
      );
    `,
    postgres: `
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
        created_at BIGINT NOT NULL
      );
      CREATE INDEX arena_matches_guild ON arena_matches (guild_id, created_at);
      CREATE TABLE arena_votes (
        seq BIGSERIAL,
        match_id TEXT NOT NULL REFERENCES arena_matches (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('a', 'b', 'tie', 'bad')),
        voted_at BIGINT NOT NULL,
        PRIMARY KEY (match_id, user_id)
      );
    `,
  },
  {
    id: '0200-backend-settings-and-usage',
    sql: `
      CREATE TABLE backend_user_choice (
        guild_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        backend TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, user_id)
      );
      CREATE TABLE backend_guild_default (
        guild_id TEXT PRIMARY KEY,
        backend TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE channel_backend_policy (
        channel_id TEXT PRIMARY KEY,
        guild_id TEXT,
        policy TEXT NOT NULL CHECK (policy IN ('open-only', 'any')),
        updated_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE usage_daily (
        guild_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        backend TEXT NOT NULL,
        day TEXT NOT NULL,
        requests INTEGER NOT NULL DEFAULT 0,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL,
        price_as_of TEXT,
        PRIMARY KEY (guild_id, user_id, backend, day)
      );
      CREATE INDEX usage_daily_guild_day ON usage_daily (guild_id, day);
    `,
    postgres: `
      CREATE TABLE backend_user_choice (
        guild_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        backend TEXT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (guild_id, user_id)
      );
      CREATE TABLE backend_guild_default (
        guild_id TEXT PRIMARY KEY,
        backend TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE TABLE channel_backend_policy (
        channel_id TEXT PRIMARY KEY,
        guild_id TEXT,
        policy TEXT NOT NULL CHECK (policy IN ('open-only', 'any')),
        updated_by TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE TABLE usage_daily (
        guild_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        backend TEXT NOT NULL,
        day TEXT NOT NULL,
        requests BIGINT NOT NULL DEFAULT 0,
        input_tokens BIGINT NOT NULL DEFAULT 0,
        output_tokens BIGINT NOT NULL DEFAULT 0,
        cost_usd DOUBLE PRECISION,
        price_as_of TEXT,
        PRIMARY KEY (guild_id, user_id, backend, day)
      );
      CREATE INDEX usage_daily_guild_day ON usage_daily (guild_id, day);
    `,
  },
  {
    id: '1200-team-documents',
    sql: `
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
        added_at INTEGER NOT NULL,
        size_bytes INTEGER NOT NULL,
        chunk_count INTEGER NOT NULL
      );
      CREATE INDEX team_documents_guild ON team_documents (guild_id, added_at);
    `,
    postgres: `
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
        added_at BIGINT NOT NULL,
        size_bytes INTEGER NOT NULL,
        chunk_count INTEGER NOT NULL
      );
      CREATE INDEX team_documents_guild ON team_documents (guild_id, added_at);
    `,
  },
];
