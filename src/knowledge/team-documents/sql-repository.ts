import type { Kysely, Selectable } from 'kysely';
import type { SqliteDatabase } from '../../store/database.js';
import type { Schema, TeamDocumentsTable } from '../../store/schema.js';
import { sqliteStore, type Store } from '../../store/store.js';
import type { TeamDocument, TeamDocumentRepository } from './repository.js';

function toDocument(row: Selectable<TeamDocumentsTable>): TeamDocument {
  return {
    id: row.id,
    guildId: row.guild_id,
    title: row.title,
    fileName: row.file_name,
    format: row.format,
    text: row.text,
    loaderName: row.loader_name,
    addedById: row.added_by_id,
    addedByName: row.added_by_name,
    addedAt: row.added_at,
    sizeBytes: row.size_bytes,
    chunkCount: row.chunk_count,
  };
}

/** Team documents on SQLite or PostgreSQL (see store.ts). */
export class SqlTeamDocumentRepository implements TeamDocumentRepository {
  private readonly db: Kysely<Schema>;

  constructor(store: Store) {
    this.db = store.db;
  }

  async add(document: TeamDocument): Promise<void> {
    await this.db
      .insertInto('team_documents')
      .values({
        id: document.id,
        guild_id: document.guildId,
        title: document.title,
        file_name: document.fileName,
        format: document.format,
        text: document.text,
        loader_name: document.loaderName,
        added_by_id: document.addedById,
        added_by_name: document.addedByName,
        added_at: document.addedAt,
        size_bytes: document.sizeBytes,
        chunk_count: document.chunkCount,
      })
      .execute();
  }

  async listIds(): Promise<string[]> {
    const rows = await this.db.selectFrom('team_documents').select('id').execute();
    return rows.map((row) => row.id);
  }

  async listAll(): Promise<TeamDocument[]> {
    const rows = await this.db.selectFrom('team_documents').selectAll().orderBy('added_at').orderBy('id').execute();
    return rows.map(toDocument);
  }

  async list(guildId: string | null): Promise<TeamDocument[]> {
    const rows = await this.db.selectFrom('team_documents').selectAll().where('guild_id', 'is not distinct from', guildId).orderBy('added_at').orderBy('id').execute();
    return rows.map(toDocument);
  }

  async remove(id: string, guildId: string | null): Promise<boolean> {
    const result = await this.db.deleteFrom('team_documents').where('id', '=', id).where('guild_id', 'is not distinct from', guildId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

/** The SQLite form over an open better-sqlite3 handle (tests, scripts). */
export class SqliteTeamDocumentRepository extends SqlTeamDocumentRepository {
  constructor(db: SqliteDatabase) {
    super(sqliteStore(db));
  }
}
