import { describe, expect, it } from 'vitest';
import { chunkDocument, chunkText } from '../../src/retrieval/chunking.js';
import { sentences } from '../../src/retrieval/text.js';
import type { KnowledgeDocument } from '../../src/retrieval/types.js';

const sentence = (i: number) => `Sentence number ${i} explains one clause of the license in plain words for the team.`;
const paragraph = (from: number, count: number) => Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ');

describe('chunkText', () => {
  it('keeps a short section as one chunk', () => {
    expect(chunkText('One short paragraph.\n\nAnother one.')).toEqual(['One short paragraph.\n\nAnother one.']);
  });

  it('packs paragraphs up to the size limit and never cuts a sentence in half', () => {
    const text = [paragraph(0, 8), paragraph(8, 8), paragraph(16, 8), paragraph(24, 8)].join('\n\n');
    const chunks = chunkText(text, { maxChars: 1200, minChars: 300, overlapChars: 200 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(1200 * 1.25);
      expect(chunk.startsWith('Sentence number')).toBe(true);
      expect(chunk.trimEnd().endsWith('for the team.')).toBe(true);
    }
    // every sentence survives somewhere
    for (let i = 0; i < 32; i += 1) expect(chunks.some((chunk) => chunk.includes(sentence(i)))).toBe(true);
  });

  it('carries the last sentence of a chunk into the next one as a small overlap', () => {
    const chunks = chunkText(paragraph(0, 40), { maxChars: 1000, minChars: 300, overlapChars: 200 });
    expect(chunks.length).toBeGreaterThan(2);
    for (let i = 1; i < chunks.length; i += 1) {
      const previousSentences = sentences(chunks[i - 1]!);
      expect(chunks[i]!.startsWith(previousSentences[previousSentences.length - 1]!)).toBe(true);
    }
  });

  it('cuts a long table between rows and repeats the header row in every piece', () => {
    const header = '| Feature | Open | Closed |\n| --- | --- | --- |';
    const rows = Array.from({ length: 40 }, (_, i) => `| Feature ${i} | open side of row ${i} explained | closed side of row ${i} explained |`);
    const chunks = chunkText(`${header}\n${rows.join('\n')}`);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.startsWith(header)).toBe(true);
      expect(chunk.length).toBeLessThanOrEqual(1200);
    }
    for (const row of rows) expect(chunks.filter((chunk) => chunk.includes(`${row}\n`) || chunk.endsWith(row)).length).toBe(1);
  });

  it('cuts a single enormous sentence at word boundaries', () => {
    const words = Array.from({ length: 600 }, (_, i) => `word${i}`).join(' ');
    const chunks = chunkText(words);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join(' ').split(' ')).toHaveLength(600);
  });

  it('does not split after abbreviations such as "e.g."', () => {
    expect(sentences('Open licenses (e.g. Apache, MIT) are permissive. Closed ones are not.')).toEqual([
      'Open licenses (e.g. Apache, MIT) are permissive.',
      'Closed ones are not.',
    ]);
  });
});

describe('chunkDocument', () => {
  it('never crosses a section and labels every chunk with its title, section, path and url', () => {
    const doc: KnowledgeDocument = {
      path: 'licenses/x.md',
      title: 'X License',
      url: 'https://x.example',
      version: '1',
      kind: 'license',
      sections: [
        { heading: '§1 Grant', text: paragraph(0, 30) },
        { heading: '§2 Limits', text: 'Only one sentence here.' },
      ],
    };
    const chunks = chunkDocument(doc);
    expect(chunks.filter((c) => c.section === '§2 Limits').map((c) => c.text)).toEqual(['Only one sentence here.']);
    expect(chunks.filter((c) => c.section === '§1 Grant').length).toBeGreaterThan(1);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ title: 'X License', path: 'licenses/x.md', url: 'https://x.example', kind: 'license' });
      expect(chunk.text.includes('Only one sentence') && chunk.section === '§1 Grant').toBe(false);
    }
  });
});
