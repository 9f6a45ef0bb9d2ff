/** Team documents: a server's own files, indexed beside the built-in knowledge. */
export { TeamDocumentService, MAX_DOCUMENTS_PER_SERVER, passages, type AddDocumentInput, type TeamDocumentSummary, type TeamDocumentServiceOptions } from './team-document-service.js';
export { SqlTeamDocumentRepository, SqliteTeamDocumentRepository } from './sql-repository.js';
export type { TeamDocument, TeamDocumentRepository } from './repository.js';
export { MAX_DOCUMENT_BYTES, ACCEPTED_FORMATS_TEXT, checkFormat, checkSize, formatBytes } from './convert.js';
export { readDocumentFile } from './read-file.js';
