import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../core/logger.js';
import { splitFrontMatter } from './front-matter.js';
import type { KnowledgeDocument, LoadProblem } from './types.js';

/** Extensions read as documents. models.yaml and anything else in knowledge/ is data, not prose. */
export const DOCUMENT_EXTENSIONS = ['.md', '.txt'] as const;

export interface LoadResult {
  documents: KnowledgeDocument[];
  problems: LoadProblem[];
}

/** Document files under `dir`, recursively, as sorted paths relative to it (forward slashes). */
export function listDocumentFiles(dir: string): string[] {
  const entries = fs.readdirSync(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && DOCUMENT_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext)))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((rel) => !rel.split('/').some((part) => part.startsWith('.')))
    .sort();
}

/** Reads every document in knowledge/; one that cannot be parsed is logged, listed in `problems` and skipped. */
export function loadKnowledge(dir: string, logger?: Logger): LoadResult {
  if (!fs.existsSync(dir)) throw new Error(`knowledge directory not found: ${dir}`);
  const documents: KnowledgeDocument[] = [];
  const problems: LoadProblem[] = [];
  for (const rel of listDocumentFiles(dir)) {
    try {
      documents.push(parseDocument(rel, fs.readFileSync(path.join(dir, rel))));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push({ path: rel, reason });
      logger?.warn({ path: rel, reason }, 'skipping a knowledge document that cannot be parsed');
    }
  }
  return { documents, problems };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseDocument(relPath: string, bytes: Uint8Array): KnowledgeDocument {
  if (bytes.includes(0)) throw new Error('binary file (contains NUL bytes), not a text document');
  let source: string;
  try {
    source = utf8.decode(bytes);
  } catch {
    throw new Error('not valid UTF-8 text');
  }
  const { frontMatter, body } = splitFrontMatter(source);
  const isMarkdown = relPath.toLowerCase().endsWith('.md');
  const parsed = isMarkdown ? parseMarkdownSections(body) : parsePlainText(body);
  const title = frontMatter?.title ?? parsed.title ?? fileTitle(relPath);
  const sections = parsed.sections
    .map((section) => ({ heading: section.heading ?? title, text: section.text.trim() }))
    .filter((section) => section.text !== '');
  if (sections.length === 0) throw new Error('document has no text');
  return {
    path: relPath,
    title,
    url: frontMatter?.url ?? null,
    version: frontMatter?.version ?? null,
    kind: frontMatter?.kind ?? 'other',
    sections,
  };
}

interface RawSection {
  heading: string | undefined;
  text: string;
}

/**
 * `#` is the document heading; each `##` starts a section. Deeper headings stay inside their
 * `##` section as text, so a passage is always cited by the clause it belongs to.
 */
function parseMarkdownSections(body: string): { title: string | undefined; sections: RawSection[] } {
  let title: string | undefined;
  const sections: RawSection[] = [];
  let current: RawSection = { heading: undefined, text: '' };
  let inFence = false;
  for (const line of body.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^(#{1,2})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      const text = stripInlineMarkdown(heading[2]!);
      if (level === 1 && title === undefined) {
        title = text;
        continue;
      }
      sections.push(current);
      current = { heading: text, text: '' };
      continue;
    }
    current.text += `${line}\n`;
  }
  sections.push(current);
  // Text before the first `##` belongs to the document heading.
  if (sections[0] && sections[0].heading === undefined) sections[0].heading = title;
  return { title, sections };
}

function parsePlainText(body: string): { title: string | undefined; sections: RawSection[] } {
  const firstLine = body.split('\n').find((line) => line.trim() !== '')?.trim();
  const title = firstLine && firstLine.length <= 120 ? firstLine : undefined;
  return { title, sections: [{ heading: title, text: body }] };
}

function stripInlineMarkdown(text: string): string {
  return text.replace(/[*_`]/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim();
}

function fileTitle(relPath: string): string {
  return path.basename(relPath).replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ');
}
