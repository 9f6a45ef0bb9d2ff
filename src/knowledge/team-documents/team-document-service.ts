/**
 * A team's own documents (a vendor's DPA, a procurement checklist…): add, list, remove, and the
 * retriever for one request's server. Documents belong to the server that added them; those
 * added from the command line (guild null) serve every server. Transport-agnostic: Discord, the
 * terminal and the CLI hand in bytes and a name and show the plain results.
 *
 * Each document is converted to Markdown, chunked and embedded once (at start for stored ones,
 * at add for new ones), with the same embeddings as the built-in index; a server's retriever is
 * the built-in index joined with its documents and the command-line ones, rebuilt from those
 * cached vectors when one of them changes, so an added document is searchable at once.
 * Documents another process adds or removes (the CLI while the bot runs) are picked up by `refresh`.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../core/logger.js';
import { UserError } from '../../core/errors.js';
import type { RequestContext } from '../../core/types.js';
import { chunkDocument } from '../../retrieval/chunking.js';
import { embeddingText } from '../../retrieval/knowledge-index.js';
import { parseDocument } from '../../retrieval/loaders.js';
import { joinIndex, type JoinedIndex } from '../../retrieval/overlay-index.js';
import { createRetriever, type SearchableIndex } from '../../retrieval/retriever.js';
import type { Chunk, Retriever } from '../../retrieval/types.js';
import { convertDocument } from './convert.js';
import type { TeamDocument, TeamDocumentRepository } from './repository.js';

/** Per server (and for the command line): keeps each server's joined index small and quick to rebuild. */
export const MAX_DOCUMENTS_PER_SERVER = 50;
/** Longer titles are cut: they are repeated in every citation. */
const MAX_TITLE_CHARS = 100;
const MAX_NAME_CHARS = 40;
/** A search that started on a replaced index may still be running: its lexical index is closed later. */
const RETIRE_DELAY_MS = 60_000;
/** How often searches look for documents added or removed by another process (the CLI): one query for ids. */
const SYNC_INTERVAL_MS = 10_000;

export type TeamDocumentSummary = Omit<TeamDocument, 'text' | 'loaderName'>;

export interface AddDocumentInput {
  fileName: string;
  bytes: Uint8Array;
  contentType?: string | null;
  /** Shown in citations and lists ("added by alice"). */
  addedByName: string;
}

export interface TeamDocumentServiceOptions {
  repository: TeamDocumentRepository;
  /** The built-in knowledge index; its embeddings embed the team documents too. */
  index: SearchableIndex;
  /** The retriever over the built-in index alone, used where a server has no documents. */
  baseRetriever: Retriever;
  logger: Logger;
}

interface Indexed {
  document: TeamDocument;
  chunks: Chunk[];
  /** Float32 halves the memory of a long document's vectors; HNSW stores float32 anyway. */
  vectors: Float32Array[];
}

interface Scope {
  retriever: Retriever;
  index: JoinedIndex;
}

export class TeamDocumentService {
  private readonly documents = new Map<string, Indexed>();
  /** Joined retrievers by scope key, built on first use after a change. */
  private readonly scopes = new Map<string, Promise<Scope>>();
  private readonly retiring = new Set<NodeJS.Timeout>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Stored documents that failed to index (logged once, not retried at every refresh). */
  private readonly unreadable = new Set<string>();
  private lastRefresh = 0;

  private constructor(private readonly options: TeamDocumentServiceOptions) {}

  /** Loads and indexes every stored document. */
  static async create(options: TeamDocumentServiceOptions): Promise<TeamDocumentService> {
    const service = new TeamDocumentService(options);
    await service.refresh();
    return service;
  }

  /** Adds run one at a time, so two uploads of one file name cannot both pass the duplicate check. */
  add(ctx: RequestContext, input: AddDocumentInput): Promise<TeamDocumentSummary> {
    return this.oneAtATime(() => this.addNow(ctx, input));
  }

  /**
   * Brings the indexes in line with the store: documents another process added (the CLI, while the
   * bot runs) are indexed, those it removed are dropped. Searches call it every SYNC_INTERVAL_MS.
   */
  refresh(): Promise<void> {
    this.lastRefresh = Date.now();
    return this.oneAtATime(async () => {
      const stored = new Set(await this.options.repository.listIds());
      for (const [id, { document }] of [...this.documents]) {
        if (stored.has(id)) continue;
        this.documents.delete(id);
        this.invalidate(document.guildId);
      }
      const missing = [...stored].filter((id) => !this.documents.has(id) && !this.unreadable.has(id));
      if (missing.length === 0) return;
      for (const document of await this.options.repository.listAll()) {
        if (!missing.includes(document.id)) continue;
        try {
          this.documents.set(document.id, await this.indexDocument(document));
          this.invalidate(document.guildId);
        } catch (error) {
          this.unreadable.add(document.id);
          this.options.logger.warn({ err: error, documentId: document.id }, 'a stored team document could not be indexed; it is skipped');
        }
      }
    });
  }

  private oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async addNow(ctx: RequestContext, input: AddDocumentInput): Promise<TeamDocumentSummary> {
    const fileName = path.basename(input.fileName.trim()) || 'document';
    const existing = this.inScope(ctx.guildId);
    if (existing.length >= MAX_DOCUMENTS_PER_SERVER) {
      throw new UserError(`This server already has ${MAX_DOCUMENTS_PER_SERVER} documents, the most Parley keeps; remove one first.`, 'too_many_documents');
    }
    if (existing.some((d) => d.fileName.toLowerCase() === fileName.toLowerCase())) {
      throw new UserError(`A document named "${fileName}" is already here. Remove it first to replace it.`, 'duplicate_document');
    }
    const converted = await convertDocument(fileName, input.bytes, input.contentType);
    const draft: TeamDocument = {
      id: randomUUID().slice(0, 8),
      guildId: ctx.guildId,
      title: '',
      fileName,
      format: converted.format,
      text: converted.text,
      loaderName: converted.loaderName,
      addedById: ctx.userId,
      addedByName: plainWords(input.addedByName, MAX_NAME_CHARS) || 'someone',
      addedAt: Date.now(),
      sizeBytes: input.bytes.byteLength,
      chunkCount: 0,
    };
    const indexed = await this.indexDocument(draft, converted.title);
    await this.options.repository.add(indexed.document);
    this.documents.set(indexed.document.id, indexed);
    this.invalidate(ctx.guildId);
    this.options.logger.info({ documentId: indexed.document.id, guildId: ctx.guildId, chunks: indexed.chunks.length, format: converted.format }, 'team document added');
    return summary(indexed.document);
  }

  /** The documents of the caller's server (or of the command line), oldest first; `shared` are the command line's. */
  async list(ctx: Pick<RequestContext, 'guildId'>): Promise<{ own: TeamDocumentSummary[]; shared: TeamDocumentSummary[] }> {
    const own = this.inScope(ctx.guildId).map(summary);
    const shared = ctx.guildId === null ? [] : this.inScope(null).map(summary);
    return { own, shared };
  }

  /** Removes one of the caller's server's documents, named by id, file name or title. */
  remove(ctx: Pick<RequestContext, 'guildId'>, idOrName: string): Promise<TeamDocumentSummary> {
    return this.oneAtATime(() => this.removeNow(ctx, idOrName));
  }

  private async removeNow(ctx: Pick<RequestContext, 'guildId'>, idOrName: string): Promise<TeamDocumentSummary> {
    const wanted = idOrName.trim().toLowerCase();
    const candidates = this.inScope(ctx.guildId);
    const match =
      candidates.find((d) => d.id === wanted) ??
      candidates.find((d) => d.fileName.toLowerCase() === wanted) ??
      candidates.find((d) => d.title.toLowerCase() === wanted);
    if (!match) {
      throw new UserError(`There is no document "${idOrName.trim()}" here. ${candidates.length > 0 ? 'See the list for ids and names.' : 'No document has been added yet.'}`, 'unknown_document');
    }
    if (!(await this.options.repository.remove(match.id, ctx.guildId))) throw new UserError(`The document "${match.title}" was already removed.`, 'unknown_document');
    this.documents.delete(match.id);
    this.invalidate(ctx.guildId);
    this.options.logger.info({ documentId: match.id, guildId: ctx.guildId }, 'team document removed');
    return summary(match);
  }

  /** The retriever for one request: the built-in index plus its server's and the command line's documents. */
  retrieverFor(ctx: Pick<RequestContext, 'guildId'>): Retriever {
    const key = scopeKey(ctx.guildId);
    // The corpus statistics of what the last search searched: answers decide coverage and score
    // sentences with them, so they must be the whole corpus's, not the few chunks retrieved.
    let text = this.options.baseRetriever.text;
    return {
      get text() {
        return text;
      },
      search: async (query, k) => {
        if (Date.now() - this.lastRefresh >= SYNC_INTERVAL_MS) {
          this.refresh().catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not check the store for team document changes'));
        }
        if (this.scopeDocuments(ctx.guildId).length === 0) {
          text = this.options.baseRetriever.text;
          return this.options.baseRetriever.search(query, k);
        }
        const { retriever } = await this.scope(key, ctx.guildId);
        text = retriever.text;
        return retriever.search(query, k);
      },
    };
  }

  async close(): Promise<void> {
    await this.queue; // an add, remove or refresh under way finishes before the store closes
    for (const timer of this.retiring) clearTimeout(timer);
    this.retiring.clear();
    const scopes = [...this.scopes.values()];
    this.scopes.clear();
    for (const scope of await Promise.allSettled(scopes)) if (scope.status === 'fulfilled') scope.value.index.close();
  }

  private inScope(guildId: string | null): TeamDocument[] {
    return [...this.documents.values()].filter((d) => d.document.guildId === guildId).map((d) => d.document);
  }

  /** What a server retrieves: its own documents and the command line's. */
  private scopeDocuments(guildId: string | null): Indexed[] {
    return [...this.documents.values()].filter((d) => d.document.guildId === guildId || d.document.guildId === null);
  }

  private scope(key: string, guildId: string | null): Promise<Scope> {
    let scope = this.scopes.get(key);
    if (!scope) {
      const members = this.scopeDocuments(guildId);
      scope = joinIndex(
        this.options.index,
        members.flatMap((d) => d.chunks),
        members.flatMap((d) => d.vectors),
      ).then((index) => ({ index, retriever: createRetriever(index, { logger: this.options.logger }) }));
      this.scopes.set(key, scope);
      const built = scope;
      built.catch(() => {
        if (this.scopes.get(key) === built) this.scopes.delete(key);
      });
    }
    return scope;
  }

  /** A change to the command line's documents reaches every server; a server's only itself. */
  private invalidate(guildId: string | null): void {
    for (const [key, scope] of [...this.scopes]) {
      if (guildId !== null && key !== scopeKey(guildId)) continue;
      this.scopes.delete(key);
      const timer = setTimeout(() => {
        this.retiring.delete(timer);
        void scope.then((s) => s.index.close(), () => undefined);
      }, RETIRE_DELAY_MS);
      timer.unref();
      this.retiring.add(timer);
    }
  }

  /** Parses, chunks and embeds one document; sets its title (unless stored) and chunk count. */
  private async indexDocument(document: TeamDocument, fileTitle?: string): Promise<Indexed> {
    const baseName = document.fileName.replace(/\.[^.]+$/, '') || 'document';
    const relPath = `team/${document.id}/${baseName}${path.extname(document.loaderName)}`;
    let parsed;
    try {
      parsed = parseDocument(relPath, new TextEncoder().encode(document.text));
    } catch (error) {
      throw new UserError(`"${document.fileName}" could not be read: ${error instanceof Error ? error.message : String(error)}.`, 'document_unreadable');
    }
    const title = document.title || plainWords(fileTitle && parsed.title === baseName ? fileTitle : parsed.title, MAX_TITLE_CHARS) || 'Untitled document';
    const label = `${title} (added by ${document.addedByName})`;
    // The lead section is headed by the document's own title: cite it as the whole label, once.
    // Headings are cleaned like the title: they travel in citations and in the prompt's source labels.
    const sections = parsed.sections.map((section) => ({
      ...section,
      heading: section.heading === parsed.title ? label : plainWords(section.heading, MAX_TITLE_CHARS) || label,
    }));
    const chunks = chunkDocument({ ...parsed, title: label, sections, url: null, kind: 'other' }).map((chunk) => ({
      ...chunk,
      id: `team/${document.id}#${chunk.id.split('#').pop()}`,
      path: `team/${document.id}/${document.fileName}`,
    }));
    if (chunks.length === 0) throw new UserError(`"${document.fileName}" has no text Parley could read.`, 'document_empty');
    const vectors = await this.options.index.embeddings.embeddings.embedDocuments(chunks.map(embeddingText));
    return { document: { ...document, title, chunkCount: chunks.length }, chunks, vectors: vectors.map((vector) => Float32Array.from(vector)) };
  }
}

/** "1 passage", "12 passages": how lists and confirmations count a document's chunks. */
export function passages(count: number): string {
  return `${count} ${count === 1 ? 'passage' : 'passages'}`;
}

function scopeKey(guildId: string | null): string {
  return guildId ?? '(command line)';
}

function summary(document: TeamDocument): TeamDocumentSummary {
  const { text: _text, loaderName: _loaderName, ...rest } = document;
  return rest;
}

/**
 * A title, heading or name as plain words: it comes from the upload and is repeated in every
 * citation, where link or emphasis markup would render, and in the prompt's source labels, where
 * a tag could pose as a delimiter (the document's text itself stays as written).
 */
function plainWords(text: string, max: number): string {
  const trimmed = text.replace(/[[\]<>*`~|\\]/g, ' ').replace(/^[\s#]+/, '').replace(/\s+/g, ' ').trim();
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1).trimEnd()}…`;
}
