import { describe, expect, it } from 'vitest';
import { HeadingIndex } from '../../src/retrieval/headings.js';

const chunks = [
  { title: 'Falcon 180B TII License', section: 'Falcon 180B TII License (brief)' },
  { title: 'Falcon 180B TII License', section: '§9 Hosting Use: no API or managed service without permission' },
  { title: 'Falcon 180B TII License', section: '§9.2 Applications that use the model in the background are allowed' },
  { title: 'Falcon 180B TII License', section: '§9.2 Applications that use the model in the background are allowed' },
  { title: 'Gemma Terms of Use', section: '§3.3 Generated output: Google claims no rights' },
  { title: 'Llama 2 Community License', section: '§2 Additional commercial terms: the 700M monthly active users cap' },
];
const index = new HeadingIndex(chunks);
const ranked = (query: string, include?: (i: number) => boolean) => index.search(query, 10, include).map((hit) => hit.index);

describe('HeadingIndex', () => {
  it('finds the clause whose heading shares the question\'s words in other forms', () => {
    expect(ranked('Our product runs Falcon 180B in the background, is that fine?')[0]).toBe(2);
    expect(ranked('Who owns what Gemma generates for us?')[0]).toBe(4);
  });

  it('gives every chunk of one section the same score', () => {
    const hits = index.search('model in the background', 10);
    expect(hits.find((h) => h.index === 2)?.score).toBe(hits.find((h) => h.index === 3)?.score);
  });

  it('leaves model names and figures to the other rankings', () => {
    // Only names and numbers: nothing about a clause, so no heading is preferred.
    expect(ranked('Falcon 180B')).toEqual([]);
    expect(ranked('Llama 2 70B')).toEqual([]);
    // The overview section repeats the title, which names the document, not a clause.
    expect(ranked('Falcon TII license')).not.toContain(0);
  });

  it('only ranks the chunks it is told to consider', () => {
    expect(ranked('who owns the output and the rights', (i) => i !== 4)).not.toContain(4);
  });

  it('returns nothing for an off-topic question', () => {
    expect(ranked("What's the weather in Paris?")).toEqual([]);
  });
});
