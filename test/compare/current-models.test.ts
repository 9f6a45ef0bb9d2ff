/** /compare models on the current open-weight models, from the real catalog and briefs. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompareService, documentTitles } from '../../src/compare/index.js';
import { comparisonPlainText } from '../../src/compare/format.js';
import { loadCatalog } from '../../src/knowledge/catalog.js';

const knowledgeDir = path.resolve('knowledge');
const catalog = loadCatalog(knowledgeDir);

function service(now: Date): CompareService {
  return new CompareService({ catalog, knowledgeDir, titleOf: documentTitles(knowledgeDir), now: () => now });
}

describe('/compare models gpt-oss-120b deepseek-v3', () => {
  const table = service(new Date('2026-12-01T12:00:00Z')).compareModels(['gpt oss', 'deepseek v3']);
  const sourceOf = (key: string, column: number) => {
    const cell = table.rows.find((r) => r.key === key)!.cells[column]!;
    return table.sources.find((s) => s.n === cell.cite);
  };

  it('resolves the aliases and cites every cell, price included', () => {
    expect(table.models.map((m) => m.id)).toEqual(['gpt-oss-120b', 'deepseek-v3']);
    for (const row of table.rows) {
      for (const cell of row.cells) {
        expect(cell.cite, `${row.key}: ${cell.text}`).not.toBeNull();
        expect(table.sources.map((s) => s.n)).toContain(cell.cite);
      }
    }
  });

  it('cites the gpt-oss and DeepSeek briefs, with the facts a team asks about', () => {
    expect(table.rows.find((r) => r.key === 'license')!.cells.map((c) => c.text)).toEqual([
      'Apache License 2.0 (plus the gpt-oss usage policy) (open)',
      'DeepSeek License Agreement v1.0 (open)',
    ]);
    expect(sourceOf('commercialUse', 0)).toMatchObject({ doc: 'licenses/gpt-oss.md', section: expect.stringMatching(/^§2 Apache 2\.0/) });
    expect(table.rows.find((r) => r.key === 'commercialUse')!.cells[1]!.text).toMatch(/no military use/);
    expect(sourceOf('hostingLimits', 1)).toMatchObject({ doc: 'licenses/deepseek.md', section: expect.stringMatching(/^§4 /) });
    expect(sourceOf('useOfOutputs', 1)).toMatchObject({ doc: 'licenses/deepseek.md', section: expect.stringMatching(/^§6 /) });
    expect(table.rows.find((r) => r.key === 'contextWindow')!.cells.map((c) => c.text)).toEqual([
      'Not stated in the sources we read (NOT VERIFIED)',
      '128K tokens',
    ]);
  });

  it('dates every source, and the terminal text shows each citation and date', () => {
    for (const source of table.sources) expect(source.freshness, `${source.doc} ${source.section}`).toBe('as of 2026-12-01');
    const text = comparisonPlainText(table);
    expect(text).toContain('gpt-oss-120b (gpt-oss-120b, open)  vs  DeepSeek-V3 (deepseek-v3, open)');
    for (const source of table.sources) expect(text).toContain(`[${source.n}] ${source.title} — ${source.section} (as of 2026-12-01)`);
    expect(text).toMatch(/DeepSeek-V3: Hosting allowed; pass the use restrictions on \[\d+\]/);
  });

  it('says when the figures are over twelve months old', () => {
    const later = service(new Date('2028-01-15T00:00:00Z')).compareModels(['gpt-4o', 'deepseek-v3']);
    expect(later.rows.find((r) => r.key === 'price')!.cells[0]!.text).toMatch(/\(as of 2025-06-01, over 12 months old\)$/);
    expect(later.sources.every((s) => s.freshness?.endsWith('over 12 months old'))).toBe(true);
  });
});
