/** Plain-text rendering of comparisons (terminal, logs); Discord builds embeds from the same data. */
import type { CitedSource, ModelComparison, TopicComparison } from './types.js';

export function comparisonPlainText(table: ModelComparison): string {
  const lines = [table.models.map((m) => `${m.name} (${m.id}, ${m.access})`).join('  vs  ')];
  const readAs = resolvedNames(table);
  if (readAs) lines.push(readAs);
  for (const row of table.rows) {
    lines.push(`${row.label}:`);
    row.cells.forEach((cell, i) => lines.push(`  ${table.models[i]!.name}: ${cell.text}${cell.cite === null ? '' : ` [${cell.cite}]`}`));
  }
  return [...lines, '', ...sourceLines(table.sources)].join('\n');
}

export function topicPlainText(topic: TopicComparison): string {
  const lines = [`Open vs closed LLMs: ${topic.label}`];
  for (const row of topic.rows) lines.push(`${row.feature}:`, `  Open:   ${row.open}`, `  Closed: ${row.closed} [${row.cite}]`);
  if (topic.summary) lines.push('', `From the article: ${topic.summary}`);
  return [...lines, '', ...sourceLines(topic.sources)].join('\n');
}

export function sourceLines(sources: readonly CitedSource[]): string[] {
  return sources.map((s) => `[${s.n}] ${s.title} — ${s.section}${s.freshness ? ` (${s.freshness})` : ''}${s.url ? ` (${s.url})` : ''}`);
}

/** `Read "gpt4" as GPT-4 (gpt-4) and "llama2" as Llama 2 70B (llama-2-70b).`, or null when every name was exact. */
export function resolvedNames(table: ModelComparison): string | null {
  const read = table.models.filter((m) => m.typed !== undefined).map((m) => `"${m.typed}" as ${m.name} (${m.id})`);
  if (read.length === 0) return null;
  return `Read ${read.join(' and ')}.`;
}
