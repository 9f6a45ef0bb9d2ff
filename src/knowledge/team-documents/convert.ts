/**
 * Turns an uploaded file (Markdown, plain text, PDF or HTML) into the Markdown the knowledge
 * loaders already read, so a team document is chunked and cited like a built-in one: `##`
 * headings become sections. Anything else, too large, empty or unreadable is refused with a
 * message written for the person who uploaded it.
 */
import path from 'node:path';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import TurndownService from 'turndown';
import { UserError } from '../../core/errors.js';

/** 2 MB: far more than a contract or a checklist needs, small enough to parse and embed in a few seconds. */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

export type DocumentFormat = 'markdown' | 'text' | 'pdf' | 'html';

const FORMAT_BY_EXTENSION: Record<string, DocumentFormat> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.pdf': 'pdf',
  '.html': 'html',
  '.htm': 'html',
};

const FORMAT_BY_CONTENT_TYPE: Record<string, DocumentFormat> = {
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/plain': 'text',
  'application/pdf': 'pdf',
  'text/html': 'html',
};

export const ACCEPTED_FORMATS_TEXT = 'Markdown (.md), plain text (.txt), PDF (.pdf) or HTML (.html)';

export interface ConvertedDocument {
  format: DocumentFormat;
  /** Markdown for the knowledge loader (`.md` rules), or plain text for a `.txt` upload. */
  text: string;
  /** The name the loader parses it under: decides Markdown or plain-text rules. */
  loaderName: string;
  /** A title found in the file itself (PDF metadata, HTML <title>), used when the text has no heading. */
  title?: string;
}

/** The format from the file name, else from the content type; null when it is none of the four. */
export function detectFormat(fileName: string, contentType?: string | null): DocumentFormat | null {
  const byName = FORMAT_BY_EXTENSION[path.extname(fileName).toLowerCase()];
  if (byName) return byName;
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return (type && FORMAT_BY_CONTENT_TYPE[type]) || null;
}

/** The format of an upload, or a UserError saying which formats Parley reads. */
export function checkFormat(fileName: string, contentType?: string | null): DocumentFormat {
  const format = detectFormat(fileName, contentType);
  if (!format) throw new UserError(`"${fileName}" is not a document Parley can read. Upload ${ACCEPTED_FORMATS_TEXT}.`, 'document_type');
  return format;
}

export function checkSize(fileName: string, bytes: number): void {
  if (bytes > MAX_DOCUMENT_BYTES) {
    throw new UserError(`"${fileName}" is ${formatBytes(bytes)}; team documents can be at most ${formatBytes(MAX_DOCUMENT_BYTES)}.`, 'document_too_large');
  }
  if (bytes === 0) throw new UserError(`"${fileName}" is empty.`, 'document_empty');
}

export async function convertDocument(fileName: string, bytes: Uint8Array, contentType?: string | null): Promise<ConvertedDocument> {
  const format = checkFormat(fileName, contentType);
  checkSize(fileName, bytes.byteLength);
  const converted = await convert(format, fileName, bytes);
  if (converted.text.replace(/^#+\s.*$/gm, '').trim() === '') throw new UserError(`"${fileName}" has no text Parley could read.`, 'document_empty');
  return converted;
}

async function convert(format: DocumentFormat, fileName: string, bytes: Uint8Array): Promise<ConvertedDocument> {
  switch (format) {
    case 'markdown':
      return { format, text: decodeText(fileName, bytes), loaderName: 'document.md' };
    case 'text':
      return { format, text: decodeText(fileName, bytes), loaderName: 'document.txt' };
    case 'pdf': {
      const { text, title } = await pdfToText(fileName, bytes);
      // With a title from the PDF's metadata it becomes the `#` heading; without, the first line is the title.
      return title ? { format, text: `# ${title}\n\n${text}`, loaderName: 'document.md', title } : { format, text, loaderName: 'document.txt' };
    }
    case 'html':
      return { format, ...htmlToMarkdown(fileName, decodeText(fileName, bytes)), loaderName: 'document.md' };
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeText(fileName: string, bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new UserError(`"${fileName}" looks like a binary file, not text.`, 'document_unreadable');
  try {
    return utf8.decode(bytes);
  } catch {
    throw new UserError(`"${fileName}" is not UTF-8 text; save it as UTF-8 and upload it again.`, 'document_unreadable');
  }
}

/** Pages become paragraphs; a PDF carries no reliable headings, so it is one section under its title (metadata Title, if any). */
async function pdfToText(fileName: string, bytes: Uint8Array): Promise<{ text: string; title?: string }> {
  const { getDocumentProxy, extractText, getMeta } = await import('unpdf');
  try {
    // pdf.js takes ownership of the buffer it is given: hand it a copy.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    try {
      const { text } = await extractText(pdf, { mergePages: false });
      const { info } = await getMeta(pdf);
      const title = typeof info?.Title === 'string' && info.Title.trim() !== '' ? info.Title.trim() : undefined;
      let body = text.map((page) => page.trim()).filter(Boolean).join('\n\n');
      if (title && body.startsWith(`${title}\n`)) body = body.slice(title.length + 1).trimStart();
      return { text: body, ...(title ? { title } : {}) };
    } finally {
      await pdf.destroy();
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`"${fileName}" could not be read as a PDF (${error instanceof Error ? error.message : 'unknown problem'}).`, 'document_unreadable');
  }
}

/** The article part of the page (Readability), as Markdown with `#`/`##` headings (Turndown). */
function htmlToMarkdown(fileName: string, html: string): { text: string; title?: string } {
  const { document } = parseHTML(html);
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
  const content = article?.content ?? document.body?.innerHTML ?? '';
  if (content.trim() === '') throw new UserError(`"${fileName}" has no readable text.`, 'document_empty');
  const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
  // Where Readability finds no article, the whole body is converted: code and styles are not text.
  turndown.remove(['script', 'style', 'noscript', 'template']);
  const markdown = turndown.turndown(content).trim();
  const title = article?.title?.trim() || undefined;
  const hasTitleHeading = /^#\s/m.test(markdown);
  return { text: title && !hasTitleHeading ? `# ${title}\n\n${markdown}` : markdown, ...(title ? { title } : {}) };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
