import Database from 'better-sqlite3';
import { contentWords, words } from './text.js';
import type { Chunk } from './types.js';

export interface LexicalHit {
  /** Position of the chunk in the array the index was built from. */
  index: number;
  /** BM25 relevance, higher is better (SQLite's bm25() negated). */
  bm25: number;
}

/**
 * Column weights for bm25(): a word in the clause heading or title counts more than one in the body.
 * Section 5 over 3 (the heading names the clause a question asks about): recall@5 on the dev sets
 * questions 0.889 → 0.900, unseen 0.781 → 0.813, dev4 0.84 → 0.88, dev3 0.936 → 0.915.
 */
const COLUMN_WEIGHTS = { title: 2, section: 5, text: 1 };

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
      "CREATE VIRTUAL TABLE chunks USING fts5(title, section, text, tokenize = 'porter unicode61 remove_diacritics 2')",
    );
    // Indexed as the text module's words, so "700M" is "700 million" on both sides.
    const insert = this.db.prepare('INSERT INTO chunks (rowid, title, section, text) VALUES (?, ?, ?, ?)');
    const plain = (text: string) => words(text).join(' ');
    this.db.transaction(() => {
      chunks.forEach((chunk, i) => insert.run(i + 1, plain(chunk.title), plain(chunk.section), plain(chunk.text)));
    })();
    const { title, section, text } = COLUMN_WEIGHTS;
    this.query = this.db.prepare(
      `SELECT rowid, bm25(chunks, ${title}, ${section}, ${text}) AS rank FROM chunks WHERE chunks MATCH ? ORDER BY rank LIMIT ?`,
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
  return unique.map((word) => `"${word.replace(/"/g, '""')}"`).join(' OR ');
}
