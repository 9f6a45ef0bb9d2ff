import type { Usage } from '../core/types.js';
import type { Price } from '../knowledge/catalog-types.js';

/** Estimated USD cost of one answer from a per-1M-token list price; null when free or unknown. */
export function costUsd(price: Price | null | undefined, usage: Usage | null): number | null {
  if (!price || !usage) return null;
  const cost = (usage.inputTokens * price.inputPer1M + usage.outputTokens * price.outputPer1M) / 1_000_000;
  return Math.round(cost * 1e8) / 1e8;
}

/** "$0.0123", "<$0.0001", "free/unknown" */
export function formatCost(cost: number | null): string {
  if (cost === null) return 'no cost data';
  if (cost === 0) return '$0';
  if (cost < 0.0001) return '<$0.0001';
  return `$${cost < 1 ? cost.toFixed(4) : cost.toFixed(2)}`;
}
