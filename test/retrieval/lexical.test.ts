import { afterAll, describe, expect, it } from 'vitest';
import { LexicalIndex, toMatchExpression } from '../../src/retrieval/lexical.js';
import type { Chunk } from '../../src/retrieval/types.js';

const chunk = (i: number, text: string, section = 'Section'): Chunk => ({ id: `doc.md#${i}`, text, title: 'Doc', section, path: 'doc.md', url: null, kind: 'other' });
const chunks = [
  chunk(0, 'Companies with more than 700M monthly active users need a separate license.', '§2 The user cap'),
  chunk(1, 'Falcon-40B is under the Apache 2.0 license since May 2023.'),
  chunk(2, 'Les modèles ouverts sont gratuits. Über-Modelle können überall laufen.'),
  chunk(3, 'Use NEAR the AND operator, said nobody in a license.'),
];
const index = new LexicalIndex(chunks);
afterAll(() => index.close());

describe('LexicalIndex', () => {
  it('ranks by BM25 and reads "700 million" and "700M" as the same thing', () => {
    const hits = index.search('how many monthly users, 700 million?', 5);
    expect(hits[0]!.index).toBe(0);
    expect(hits[0]!.bm25).toBeGreaterThan(0);
  });

  it('matches regardless of case and accents', () => {
    expect(index.search('FALCON-40b APACHE', 5)[0]!.index).toBe(1);
    expect(index.search('modeles UBER', 5)[0]!.index).toBe(2);
  });

  it.each([
    '"',
    '"unbalanced quote',
    'llama*',
    '*',
    '-falcon',
    'NEAR(a b)',
    'a AND',
    'OR NOT AND',
    'title:falcon',
    '(((',
    '^falcon',
    '{col1 col2}: x',
    "it's O'Reilly's",
    '🤖🦙 emoji only',
    '日本語の質問',
    'سؤال بالعربية',
    '   ',
    '?!.,;',
    'x'.repeat(5000),
    Array.from({ length: 300 }, (_, i) => `w${i}`).join(' '),
  ])('never throws on hostile or odd input (case %#)', (query) => {
    expect(() => index.search(query, 5)).not.toThrow();
  });

  it('treats typed operators as plain words', () => {
    expect(index.search('NEAR AND', 5).map((h) => h.index)).toEqual([3]);
    expect(toMatchExpression('a "b" NEAR c*')).toBe('"b" OR "near" OR "c"');
    expect(toMatchExpression('the of and')).toBeNull();
  });
});
