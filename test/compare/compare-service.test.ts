import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/retrieval/chunking.js';
import { loadKnowledge } from '../../src/retrieval/loaders.js';
import type { RetrievedChunk, Retriever } from '../../src/retrieval/types.js';
import { CompareService, documentTitles } from '../../src/compare/index.js';
import { fakeCatalog } from '../polls/fake-catalog.js';

const knowledgeDir = path.resolve('knowledge');

/** A word-overlap retriever over the real knowledge/ (the real hybrid index is tested by its owner). */
function overlapRetriever(): Retriever {
  const chunks = loadKnowledge(knowledgeDir).documents.flatMap((doc) => chunkDocument(doc));
  const words = (t: string) => new Set(t.toLowerCase().match(/[a-z]{4,}/g) ?? []);
  return {
    async search(query: string, k = 5): Promise<RetrievedChunk[]> {
      const q = words(query);
      return chunks
        .map((c) => ({ c, score: [...words(`${c.section} ${c.text}`)].filter((w) => q.has(w)).length }))
        .sort((a, b) => b.score - a.score)
        .slice(0, k)
        .map(({ c, score }) => ({ id: c.id, text: c.text, title: c.title, section: c.section, path: c.path, url: c.url, score: Math.min(1, score / 10) }));
    },
  };
}

describe('compareModels', () => {
  const compare = new CompareService({ catalog: fakeCatalog, knowledgeDir, titleOf: documentTitles(knowledgeDir) });

  it('puts two models side by side, every fact cell cited', () => {
    const table = compare.compareModels(['llama-2-70b', 'GPT-4o']);
    expect(table.models.map((m) => m.id)).toEqual(['llama-2-70b', 'gpt-4o']);
    expect(table.rows.map((r) => r.key)).toEqual([
      'license', 'openWeights', 'commercialUse', 'userCap', 'hostingLimits', 'useOfOutputs', 'trainingOnYourData', 'price', 'contextWindow',
    ]);
    const numbers = table.sources.map((s) => s.n);
    for (const row of table.rows) {
      expect(row.cells).toHaveLength(2);
      for (const cell of row.cells) if (cell.cite !== null) expect(numbers).toContain(cell.cite);
    }
    const userCap = table.rows.find((r) => r.key === 'userCap')!;
    expect(userCap.cells[0]!.text).toBe('700M monthly active users');
    const llamaCap = table.sources.find((s) => s.n === userCap.cells[0]!.cite)!;
    expect(llamaCap).toMatchObject({ doc: 'licenses/llama-2.md', section: '§2 Commercial terms', title: 'Llama 2 Community License' });
    expect(table.rows.find((r) => r.key === 'price')!.cells[1]!.text).toMatch(/\$2\.50 in \/ \$10 out/);
  });

  it('refuses an unknown model with the closest ids, and a model compared with itself', () => {
    expect(() => compare.compareModels(['llama-2-70b', 'gpt4o'])).toThrow(/"gpt4o".*Did you mean `gpt-4o`/);
    expect(() => compare.compareModels(['gpt-4o', 'GPT-4o'])).toThrow(/different models/);
    expect(() => compare.compareModels(['gpt-4o'])).toThrow(/2 or 3 models/);
  });

  it('suggests models for autocomplete', () => {
    expect(compare.suggestModels('llama').map((m) => m.id)).toEqual(['llama-2-70b', 'llama-2-7b']);
    expect(compare.suggestModels('')).toHaveLength(4);
  });
});

describe('compareTopic', () => {
  const compare = new CompareService({ catalog: fakeCatalog, knowledgeDir, retriever: overlapRetriever(), titleOf: documentTitles(knowledgeDir) });

  it('shows open versus closed on cost from the article chart, cited', async () => {
    const topic = await compare.compareTopic('cost');
    expect(topic.label).toBe('Cost');
    const cost = topic.rows.find((r) => r.feature === 'Cost')!;
    expect(cost.open).toMatch(/free/i);
    expect(cost.closed).toMatch(/licensing fees|usage costs/i);
    const source = topic.sources.find((s) => s.n === cost.cite)!;
    expect(source.section).toBe('Comparing Open-Source and Closed LLMs');
    expect(source.url).toMatch(/^https:\/\//);
  });

  it('adds a cited summary of the article’s prose on the aspect', async () => {
    const topic = await compare.compareTopic('privacy');
    expect(topic.rows.map((r) => r.feature)).toContain('Security and Privacy');
    expect(topic.summary.length).toBeGreaterThan(40);
    const cited = [...topic.summary.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(cited.length).toBeGreaterThan(0);
    for (const n of cited) expect(topic.sources.map((s) => s.n)).toContain(n);
  });

  it('lists the aspects it knows when asked about another', async () => {
    await expect(compare.compareTopic('vibes')).rejects.toThrow(/cost, privacy/);
  });
});
