import type { SqliteDatabase } from '../../store/database.js';
import type { TeamDocument, TeamDocumentRepository } from './repository.js';

interface TeamDocumentRow {
  id: string;
  guild_id: string | null;
  title: string;
  file_name: string;
  format: string;
  text: string;
  loader_name: string;
  added_by_id: string;
  added_by_name: string;
  added_at: number;
  size_bytes: number;
  chunk_count: number;
}

function toDocument(row: TeamDocumentRow): TeamDocument {
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

export class SqliteTeamDocumentRepository implements TeamDocumentRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async add(document: TeamDocument): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO team_documents (id, guild_id, title, file_name, format, text, loader_name, added_by_id, added_by_name, added_at, size_bytes, chunk_count)
         VALUES (@id, @guildId, @title, @fileName, @format, @text, @loaderName, @addedById, @addedByName, @addedAt, @sizeBytes, @chunkCount)`,
      )
      .run(document);
  }

  async listIds(): Promise<string[]> {
    return this.db.prepare('SELECT id FROM team_documents').pluck().all() as string[];
  }

  async listAll(): Promise<TeamDocument[]> {
    const rows = this.db.prepare('SELECT * FROM team_documents ORDER BY added_at, id').all() as TeamDocumentRow[];
    return rows.map(toDocument);
  }

  async list(guildId: string | null): Promise<TeamDocument[]> {
    const rows = this.db.prepare('SELECT * FROM team_documents WHERE guild_id IS ? ORDER BY added_at, id').all(guildId) as TeamDocumentRow[];
    return rows.map(toDocument);
  }

  async remove(id: string, guildId: string | null): Promise<boolean> {
    return this.db.prepare('DELETE FROM team_documents WHERE id = ? AND guild_id IS ?').run(id, guildId).changes > 0;
  }
}
