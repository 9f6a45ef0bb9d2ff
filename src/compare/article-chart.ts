/** Reads the article's open-versus-closed comparison chart (a Markdown table) into rows. */
import type { KnowledgeDocument } from '../retrieval/types.js';

export interface ChartRow {
  feature: string;
  open: string;
  closed: string;
}

export interface ArticleChart {
  doc: string;
  title: string;
  section: string;
  url: string | null;
  rows: ChartRow[];
}

/** The first section holding a 3-column table whose header names open and closed models. */
export function findComparisonChart(doc: KnowledgeDocument): ArticleChart | null {
  for (const section of doc.sections) {
    const lines = section.text.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('|'));
    if (lines.length < 3) continue;
    const header = cells(lines[0]!);
    if (header.length < 3 || !/open/i.test(header[1]!) || !/closed|proprietary/i.test(header[2]!)) continue;
    const rows = lines
      .slice(1)
      .map(cells)
      .filter((c) => c.length >= 3 && !/^:?-{3,}:?$/.test(c[0]!))
      .map((c) => ({ feature: c[0]!.replace(/\*\*/g, ''), open: c[1]!, closed: c[2]! }));
    return { doc: doc.path, title: doc.title, section: section.heading, url: doc.url, rows };
  }
  return null;
}

function cells(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}
