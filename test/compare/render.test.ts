import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASPECTS, CompareService, documentTitles } from '../../src/compare/index.js';
import { renderModelComparison, renderTopicComparison } from '../../src/discord/commands/compare.js';
import { loadCatalog } from '../../src/knowledge/catalog.js';

const knowledgeDir = path.resolve('knowledge');
const catalog = loadCatalog(knowledgeDir);
const compare = new CompareService({ catalog, knowledgeDir, titleOf: documentTitles(knowledgeDir) });

function embedSize(embed: ReturnType<typeof renderModelComparison>[number]): number {
  const data = embed.toJSON();
  return (data.title?.length ?? 0) + (data.description?.length ?? 0) + (data.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0) + (data.footer?.text.length ?? 0);
}

describe('comparison embeds stay within Discord limits with the real catalog', () => {
  it('every pair and triple of catalog models fits (fields ≤ 1024, embed ≤ 6000, ≤ 25 fields) and every citation is listed', () => {
    const ids = catalog.models.map((m) => m.id);
    const sets: string[][] = [];
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) sets.push([ids[i]!, ids[j]!], [ids[i]!, ids[j]!, ids[(j + 1) % ids.length]!]);
    for (const set of sets.filter((s) => new Set(s).size === s.length)) {
      const table = compare.compareModels(set);
      for (const row of table.rows) for (const cell of row.cells) if (cell.cite !== null) expect(table.sources.map((s) => s.n)).toContain(cell.cite);
      const embeds = renderModelComparison(table);
      expect(embeds.reduce((n, e) => n + embedSize(e), 0)).toBeLessThanOrEqual(6000 * embeds.length);
      for (const embed of embeds) {
        expect(embedSize(embed)).toBeLessThanOrEqual(6000);
        const fields = embed.toJSON().fields ?? [];
        expect(fields.length).toBeLessThanOrEqual(25);
        for (const f of fields) expect(f.value.length).toBeLessThanOrEqual(1024);
      }
    }
  });

  it('every aspect has rows from the article chart, and renders', async () => {
    for (const aspect of ASPECTS) {
      const topic = await compare.compareTopic(aspect.id);
      expect(topic.rows.length, aspect.id).toBeGreaterThan(0);
      for (const embed of renderTopicComparison(topic)) expect(embedSize(embed)).toBeLessThanOrEqual(6000);
    }
  });
});
