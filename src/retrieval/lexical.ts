import Database from 'better-sqlite3';
import { conceptsOf, contentWords, normalizeForIndex, stem } from './text-features.js';
import type { Chunk } from './types.js';

export interface LexicalHit {
  /** Position of the chunk in the array the index was built from. */
  index: number;
  /** BM25 relevance, higher is better (SQLite's bm25() negated). */
  bm25: number;
}

/**
 * Column weights for bm25(): a word in the clause heading or title counts more than one in the body.
 * `concepts` holds the thesaurus groups of the chunk's words (see text-features.ts), so a question
 * worded differently from the passage still scores, though less than a word it shares.
 */
const COLUMN_WEIGHTS = { title: 2, section: 3, text: 1, concepts: 0.5 };

/**
 * BM25 over the chunks with SQLite FTS5, in an in-memory database built at load time: the corpus
 * is small (a few hundred chunks build in a few ms), and a separate file would only add a second
 * artifact to keep in step with the vectors.
 */
export class LexicalIndex {
  private readonly db: Database.Database;
  private readonly query: Database.Statement<[string, number], { rowid: number; rank: number }>;

  constructor(chunks: readonly Chunk[]) {
    this.db = new Database(':memory:');
    this.db.exec(
      "CREATE VIRTUAL TABLE chunks USING fts5(title, section, text, concepts, tokenize = 'porter unicode61 remove_diacritics 2')",
    );
    const insert = this.db.prepare('INSERT INTO chunks (rowid, title, section, text, concepts) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      chunks.forEach((chunk, i) => insert.run(
          i + 1,
          normalizeForIndex(chunk.title),
          normalizeForIndex(chunk.section),
          normalizeForIndex(chunk.text),
          conceptTokens(`${chunk.title} ${chunk.section} ${chunk.text}`).join(' '),
        ),
      );
    })();
    const { title, section, text, concepts } = COLUMN_WEIGHTS;
    this.query = this.db.prepare(
      `SELECT rowid, bm25(chunks, ${title}, ${section}, ${text}, ${concepts}) AS rank FROM chunks WHERE chunks MATCH ? ORDER BY rank LIMIT ?`,
    );
  }

  search(text: string, limit: number): LexicalHit[] {
    const match = toMatchExpression(text);
    if (match === null || limit <= 0) return [];
    return this.query.all(match, limit).map((row) => ({ index: row.rowid - 1, bm25: -row.rank }));
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Turns free text into a safe FTS5 query: every word becomes a quoted string joined with OR, so
 * quotes, `*`, `-`, `:`, parentheses and the operators NEAR / AND / OR / NOT typed by a person are
 * plain words, never syntax. Returns null when nothing searchable remains.
 */
export function toMatchExpression(text: string): string | null {
  const unique = [...new Set(contentWords(text))].slice(0, 64);
  if (unique.length === 0) return null;
  const terms = unique.map((word) => `"${word.replace(/"/g, '""')}"`);
  const concepts = [...new Set(conceptTokens(text))];
  if (concepts.length > 0) terms.push(`concepts : (${concepts.join(' OR ')})`);
  return terms.join(' OR ');
}

/** One token per thesaurus group a word belongs to, once per occurrence ("revenue" → "zzcommercial"). */
function conceptTokens(text: string): string[] {
  return contentWords(text).flatMap((word) => conceptsOf(stem(word)).map((concept) => `zz${concept.toLowerCase()}`));
}
