/** Storage of team documents. Async so that a Postgres implementation can slot in behind it. */

export interface TeamDocument {
  id: string;
  /** The server that added it; null = added from the command line or terminal, serves every server. */
  guildId: string | null;
  title: string;
  fileName: string;
  format: string;
  /** Converted text the index is built from (Markdown or plain text, see `loaderName`). */
  text: string;
  /** `document.md` or `document.txt`: which loader rules read `text`. */
  loaderName: string;
  addedById: string;
  /** Shown in citations: "Vendor DPA (added by alice)". */
  addedByName: string;
  /** Epoch milliseconds. */
  addedAt: number;
  sizeBytes: number;
  chunkCount: number;
}

export interface TeamDocumentRepository {
  add(document: TeamDocument): Promise<void>;
  /** Ids of every stored document: a cheap look for changes made by another process. */
  listIds(): Promise<string[]>;
  /** Every document, oldest first (to rebuild the indexes at start). */
  listAll(): Promise<TeamDocument[]>;
  /** The documents of one scope (a server, or null for the command line), oldest first. */
  list(guildId: string | null): Promise<TeamDocument[]>;
  /** Deletes the document if it belongs to `guildId`'s scope; false when there was none. */
  remove(id: string, guildId: string | null): Promise<boolean>;
}
