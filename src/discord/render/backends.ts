/** Text for backend lists, choices and usage tables (Discord markdown, no discord.js types needed). */
import type { BackendListItem } from '../../backends/backends-service.js';
import { formatSize } from '../../backends/providers/ollama-models.js';
import type { BackendEntry } from '../../backends/types.js';
import type { CatalogModel } from '../../knowledge/catalog-types.js';
import { licenseAndPrice } from '../../knowledge/catalog-freshness.js';
import { formatCost } from '../../usage/pricing.js';
import type { UsageSummary } from '../../usage/usage-service.js';
import { CHOICE_LIMITS, clipAtWord } from './limits.js';

export function accessBadge(entry: Pick<BackendEntry, 'access' | 'provider'>): string {
  if (entry.provider === 'local') return '🟢 open · embedded';
  return entry.access === 'open' ? '🟢 open' : '🔒 closed';
}

export function priceText(model: CatalogModel | undefined, now: Date = new Date()): string {
  return model ? licenseAndPrice(model, now) : 'not in the catalog';
}

export function backendLine(item: BackendListItem): string {
  const { entry } = item;
  const model = `${item.catalogModel ? item.catalogModel.name : entry.model}${entry.sizeBytes ? ` (${formatSize(entry.sizeBytes)})` : ''}`;
  const status = !entry.available ? `⚠️ ${entry.unavailableReason ?? 'not configured'}` : !item.allowedHere ? '⛔ refused in this channel (open-only)' : '✅ available';
  const you = item.current ? ' ← **you are here**' : '';
  return `${accessBadge(entry)} · \`${entry.name}\` — ${model}${you}\n  ${priceText(item.catalogModel)} · ${status}`;
}

/** Autocomplete label (≤ 100 characters): "openai:gpt-4o · closed · not configured". */
export function choiceLabel(entry: BackendEntry, refusedHere: boolean): string {
  const parts = [entry.name, entry.provider === 'local' ? 'open, embedded' : entry.access];
  if (entry.sizeBytes) parts.push(formatSize(entry.sizeBytes));
  if (!entry.available) parts.push('not configured');
  else if (refusedHere) parts.push('refused in this channel');
  const label = parts.join(' · ');
  return clipAtWord(label, CHOICE_LIMITS.name);
}

export function usageLines(summary: UsageSummary): string[] {
  if (summary.rows.length === 0) return ['No generative answers recorded for this period (the embedded `local` backend uses no tokens).'];
  const lines = summary.rows.map(
    (row) =>
      `\`${row.backend}\` — ${row.requests} answer${row.requests === 1 ? '' : 's'} · ${row.inputTokens.toLocaleString('en-US')} in / ${row.outputTokens.toLocaleString('en-US')} out tokens · ` +
      `${row.costUsd === null ? 'free or no price' : `≈ ${formatCost(row.costUsd)}`}${row.priceAsOf ? ` (prices as of ${row.priceAsOf})` : ''}`,
  );
  lines.push(
    '',
    `**Total:** ${summary.totalInputTokens.toLocaleString('en-US')} in / ${summary.totalOutputTokens.toLocaleString('en-US')} out tokens · ` +
      `${summary.totalCostUsd === null ? 'no priced usage' : `≈ ${formatCost(summary.totalCostUsd)}`}`,
  );
  return lines;
}
