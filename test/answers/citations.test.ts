import { describe, expect, it } from 'vitest';
import { formatSourceLine, renumberCitations, truncateSnippet } from '../../src/answers/citations.js';
import type { Source } from '../../src/core/types.js';

const source = (n: number, title: string, section: string): Source => ({ n, title, section, path: `${title}.md`, url: null, snippet: '', score: 0.5 });

describe('citations', () => {
  it('formats a numbered source line with title and section', () => {
    expect(formatSourceLine(source(1, 'Llama 2 Community License', '§2 Additional commercial terms'))).toBe(
      '[1] Llama 2 Community License — §2 Additional commercial terms',
    );
    expect(formatSourceLine(source(2, 'MIT License', ''))).toBe('[2] MIT License');
    expect(formatSourceLine(source(3, 'Gemma Terms of Use', 'Gemma Terms of Use (brief)'))).toBe('[3] Gemma Terms of Use (brief)');
  });

  it('renumbers sources in order of first citation and drops uncited ones', () => {
    const sources = [source(1, 'A', 'a'), source(2, 'B', 'b'), source(3, 'C', 'c')];
    const result = renumberCitations('Falcon is Apache 2.0 [3]. Llama 2 has a cap [1]. Again [3].', sources);
    expect(result.answer).toBe('Falcon is Apache 2.0 [1]. Llama 2 has a cap [2]. Again [1].');
    expect(result.sources.map((s) => [s.n, s.title])).toEqual([
      [1, 'C'],
      [2, 'A'],
    ]);
  });

  it('removes markers that match no source, including inside a list', () => {
    const sources = [source(1, 'A', 'a'), source(2, 'B', 'b')];
    const result = renumberCitations('One [7]. Two [2, 9]. Three [1][2].', sources);
    expect(result.answer).toBe('One. Two [1]. Three [2][1].');
    expect(result.sources.map((s) => s.title)).toEqual(['B', 'A']);
  });

  it('truncates long snippets at a word boundary', () => {
    const long = 'word '.repeat(100);
    const cut = truncateSnippet(long, 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut.endsWith('…')).toBe(true);
    expect(truncateSnippet('short')).toBe('short');
  });
});
