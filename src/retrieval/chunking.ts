import { sentences } from './text.js';
import type { Chunk, KnowledgeDocument } from './types.js';

/** Bump when chunk boundaries change: it is part of the index's content hash. */
export const CHUNKER_VERSION = 1;

export interface ChunkingOptions {
  /** A chunk grows up to this many characters (unless a single sentence is longer). */
  maxChars: number;
  /** Below this, a section's last piece is merged into the previous one when it fits. */
  minChars: number;
  /** Sentences carried over from the end of the previous chunk of the same section. */
  overlapChars: number;
}

export const DEFAULT_CHUNKING: ChunkingOptions = { maxChars: 1200, minChars: 300, overlapChars: 200 };

/**
 * Section first, then paragraphs, then sentences: a chunk never crosses a `##` heading, so its
 * citation is exact, and it is cut at a sentence end whenever one exists. Tables are cut between
 * rows and every piece repeats the header row.
 */
export function chunkDocument(doc: KnowledgeDocument, options: ChunkingOptions = DEFAULT_CHUNKING): Chunk[] {
  const chunks: Chunk[] = [];
  for (const section of doc.sections) {
    for (const text of chunkText(section.text, options)) {
      chunks.push({
        id: `${doc.path}#${chunks.length}`,
        text,
        title: doc.title,
        section: section.heading,
        path: doc.path,
        url: doc.url,
        kind: doc.kind,
      });
    }
  }
  return chunks;
}

export function chunkText(text: string, options: ChunkingOptions = DEFAULT_CHUNKING): string[] {
  const units = splitBlocks(text).flatMap((block) => splitBlock(block, options.maxChars));
  const pieces: Unit[][] = [];
  let current: Unit[] = [];
  for (const unit of units) {
    const fits = joinUnits([...current, unit]).length <= options.maxChars;
    if (!fits && current.some((u) => !u.overlap)) {
      pieces.push(current);
      current = overlapTail(current, options.overlapChars);
    }
    if (current.every((u) => u.overlap) && joinUnits([...current, unit]).length > options.maxChars) current = [];
    current.push(unit);
  }
  if (current.some((u) => !u.overlap)) pieces.push(current);
  return mergeShortTail(pieces, options).map(joinUnits);
}

interface Unit {
  text: string;
  /** Joined to the previous unit with a blank line (new paragraph) rather than a space. */
  paragraphStart: boolean;
  /** Repeated from the previous chunk; a chunk made only of these is not emitted. */
  overlap?: boolean;
}

function splitBlocks(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '');
}

function isTable(block: string): boolean {
  const lines = block.split('\n');
  return lines.length >= 2 && lines.every((line) => line.trim().startsWith('|'));
}

function splitBlock(block: string, maxChars: number): Unit[] {
  if (block.length <= maxChars) return [{ text: block, paragraphStart: true }];
  if (isTable(block)) return splitTable(block, maxChars);
  const lines = block.split('\n');
  // Lists: one item per unit, so a long list is cut between items.
  if (lines.length > 1 && lines.every((line) => /^\s*([-*+•]|\d+[.)])\s/.test(line) || /^\s{2,}\S/.test(line))) {
    return lines.flatMap((line, i) => splitLong(line.trim(), maxChars).map((text, j) => ({ text, paragraphStart: i === 0 && j === 0 })));
  }
  return sentences(block.replace(/\s*\n\s*/g, ' ')).flatMap((sentence, i) =>
    splitLong(sentence, maxChars).map((text, j) => ({ text, paragraphStart: i === 0 && j === 0 })),
  );
}

function splitTable(block: string, maxChars: number): Unit[] {
  const lines = block.split('\n');
  const header = lines.slice(0, 2).join('\n');
  const units: Unit[] = [];
  let rows: string[] = [];
  for (const row of lines.slice(2)) {
    if (rows.length > 0 && header.length + rows.join('\n').length + row.length + 2 > maxChars) {
      units.push({ text: `${header}\n${rows.join('\n')}`, paragraphStart: true });
      rows = [];
    }
    rows.push(row);
  }
  if (rows.length > 0) units.push({ text: `${header}\n${rows.join('\n')}`, paragraphStart: true });
  return units;
}

/** Last resort for a single sentence longer than a chunk: cut at word boundaries. */
function splitLong(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const out: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current !== '' && current.length + word.length + 1 > maxChars) {
      out.push(current);
      current = '';
    }
    current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') out.push(current);
  return out;
}

function joinUnits(units: Unit[]): string {
  return units.map((unit, i) => (i === 0 ? unit.text : `${unit.paragraphStart ? '\n\n' : ' '}${unit.text}`)).join('');
}

function overlapTail(units: Unit[], overlapChars: number): Unit[] {
  const last = units[units.length - 1];
  if (!last || overlapChars <= 0 || last.text.length > overlapChars || isTable(last.text)) return [];
  return [{ text: last.text, paragraphStart: true, overlap: true }];
}

function mergeShortTail(pieces: Unit[][], options: ChunkingOptions): Unit[][] {
  if (pieces.length < 2) return pieces;
  const last = pieces[pieces.length - 1]!.filter((u) => !u.overlap);
  const previous = pieces[pieces.length - 2]!;
  const merged = [...previous, ...last];
  if (joinUnits(last).length < options.minChars && joinUnits(merged).length <= options.maxChars * 1.25) {
    return [...pieces.slice(0, -2), merged];
  }
  return pieces;
}
