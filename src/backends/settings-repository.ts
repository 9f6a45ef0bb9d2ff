/**
 * Where backend choices live: a person's choice (per server), the server default, and each
 * channel's policy. Async so that another store (Postgres) can implement it later.
 */
import type { SqliteDatabase } from '../store/database.js';

export type ChannelPolicy = 'open-only' | 'any';

/** Scope key for choices made outside a server (DMs, terminal). */
export const NO_GUILD = '@direct';

export interface SettingsRepository {
  getUserBackend(guildId: string | null, userId: string): Promise<string | null>;
  setUserBackend(guildId: string | null, userId: string, backend: string | null): Promise<void>;
  getGuildDefault(guildId: string): Promise<string | null>;
  setGuildDefault(guildId: string, backend: string | null, updatedBy: string): Promise<void>;
  getChannelPolicy(channelId: string): Promise<ChannelPolicy>;
  setChannelPolicy(guildId: string | null, channelId: string, policy: ChannelPolicy, updatedBy: string): Promise<void>;
}

export class SqliteSettingsRepository implements SettingsRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async getUserBackend(guildId: string | null, userId: string): Promise<string | null> {
    const row = this.db.prepare('SELECT backend FROM backend_user_choice WHERE guild_id = ? AND user_id = ?').pluck().get(guildId ?? NO_GUILD, userId);
    return (row as string | undefined) ?? null;
  }

  async setUserBackend(guildId: string | null, userId: string, backend: string | null): Promise<void> {
    if (backend === null) {
      this.db.prepare('DELETE FROM backend_user_choice WHERE guild_id = ? AND user_id = ?').run(guildId ?? NO_GUILD, userId);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO backend_user_choice (guild_id, user_id, backend, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (guild_id, user_id) DO UPDATE SET backend = excluded.backend, updated_at = excluded.updated_at`,
      )
      .run(guildId ?? NO_GUILD, userId, backend, Date.now());
  }

  async getGuildDefault(guildId: string): Promise<string | null> {
    const row = this.db.prepare('SELECT backend FROM backend_guild_default WHERE guild_id = ?').pluck().get(guildId);
    return (row as string | undefined) ?? null;
  }

  async setGuildDefault(guildId: string, backend: string | null, updatedBy: string): Promise<void> {
    if (backend === null) {
      this.db.prepare('DELETE FROM backend_guild_default WHERE guild_id = ?').run(guildId);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO backend_guild_default (guild_id, backend, updated_by, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (guild_id) DO UPDATE SET backend = excluded.backend, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(guildId, backend, updatedBy, Date.now());
  }

  async getChannelPolicy(channelId: string): Promise<ChannelPolicy> {
    const row = this.db.prepare('SELECT policy FROM channel_backend_policy WHERE channel_id = ?').pluck().get(channelId);
    return row === 'open-only' ? 'open-only' : 'any';
  }

  async setChannelPolicy(guildId: string | null, channelId: string, policy: ChannelPolicy, updatedBy: string): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO channel_backend_policy (channel_id, guild_id, policy, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (channel_id) DO UPDATE SET policy = excluded.policy, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(channelId, guildId, policy, updatedBy, Date.now());
  }
}
