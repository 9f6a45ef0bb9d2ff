/**
 * Where backend choices live: a person's choice (per server), the server default, and each
 * channel's policy. Stored on SQLite or PostgreSQL (src/store).
 */
import type { Kysely } from 'kysely';
import type { SqliteDatabase } from '../store/database.js';
import type { Schema } from '../store/schema.js';
import { sqliteStore, type Store } from '../store/store.js';

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

/** Settings on SQLite or PostgreSQL (see store.ts): one row per choice, replaced in one statement. */
export class SqlSettingsRepository implements SettingsRepository {
  private readonly db: Kysely<Schema>;

  constructor(store: Store) {
    this.db = store.db;
  }

  async getUserBackend(guildId: string | null, userId: string): Promise<string | null> {
    const row = await this.db.selectFrom('backend_user_choice').select('backend').where('guild_id', '=', guildId ?? NO_GUILD).where('user_id', '=', userId).executeTakeFirst();
    return row?.backend ?? null;
  }

  async setUserBackend(guildId: string | null, userId: string, backend: string | null): Promise<void> {
    const scope = guildId ?? NO_GUILD;
    if (backend === null) {
      await this.db.deleteFrom('backend_user_choice').where('guild_id', '=', scope).where('user_id', '=', userId).execute();
      return;
    }
    await this.db
      .insertInto('backend_user_choice')
      .values({ guild_id: scope, user_id: userId, backend, updated_at: Date.now() })
      .onConflict((conflict) => conflict.columns(['guild_id', 'user_id']).doUpdateSet((eb) => ({ backend: eb.ref('excluded.backend'), updated_at: eb.ref('excluded.updated_at') })))
      .execute();
  }

  async getGuildDefault(guildId: string): Promise<string | null> {
    const row = await this.db.selectFrom('backend_guild_default').select('backend').where('guild_id', '=', guildId).executeTakeFirst();
    return row?.backend ?? null;
  }

  async setGuildDefault(guildId: string, backend: string | null, updatedBy: string): Promise<void> {
    if (backend === null) {
      await this.db.deleteFrom('backend_guild_default').where('guild_id', '=', guildId).execute();
      return;
    }
    await this.db
      .insertInto('backend_guild_default')
      .values({ guild_id: guildId, backend, updated_by: updatedBy, updated_at: Date.now() })
      .onConflict((conflict) =>
        conflict.column('guild_id').doUpdateSet((eb) => ({ backend: eb.ref('excluded.backend'), updated_by: eb.ref('excluded.updated_by'), updated_at: eb.ref('excluded.updated_at') })),
      )
      .execute();
  }

  async getChannelPolicy(channelId: string): Promise<ChannelPolicy> {
    const row = await this.db.selectFrom('channel_backend_policy').select('policy').where('channel_id', '=', channelId).executeTakeFirst();
    return row?.policy === 'open-only' ? 'open-only' : 'any';
  }

  async setChannelPolicy(guildId: string | null, channelId: string, policy: ChannelPolicy, updatedBy: string): Promise<void> {
    await this.db
      .insertInto('channel_backend_policy')
      .values({ channel_id: channelId, guild_id: guildId, policy, updated_by: updatedBy, updated_at: Date.now() })
      .onConflict((conflict) =>
        conflict.column('channel_id').doUpdateSet((eb) => ({ policy: eb.ref('excluded.policy'), updated_by: eb.ref('excluded.updated_by'), updated_at: eb.ref('excluded.updated_at') })),
      )
      .execute();
  }
}

/** The SQLite form over an open better-sqlite3 handle (tests, scripts). */
export class SqliteSettingsRepository extends SqlSettingsRepository {
  constructor(db: SqliteDatabase) {
    super(sqliteStore(db));
  }
}
