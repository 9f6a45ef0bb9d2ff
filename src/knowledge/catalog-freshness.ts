/**
 * As-of dates on displayed facts. Prices and catalog facts are read on a date; a figure older than
 * twelve months is flagged wherever it is shown, computed against the caller's clock.
 */
import type { CatalogModel } from './catalog-types.js';

export const STALE_AFTER_MONTHS = 12;

/** True when `asOf` (YYYY-MM-DD) is more than twelve months before `now`. */
export function isStale(asOf: string, now: Date): boolean {
  const read = new Date(`${asOf}T00:00:00Z`);
  if (Number.isNaN(read.getTime())) return false;
  const limit = new Date(read);
  limit.setUTCMonth(limit.getUTCMonth() + STALE_AFTER_MONTHS);
  return now.getTime() > limit.getTime();
}

/** "as of 2025-06-01" or "as of 2025-06-01, over 12 months old". */
export function asOfLabel(asOf: string, now: Date): string {
  return isStale(asOf, now) ? `as of ${asOf}, over ${STALE_AFTER_MONTHS} months old` : `as of ${asOf}`;
}

const AS_OF_DATE = /\bas of (\d{4}-\d{2}-\d{2})\b(?!, over)/g;

/** Flags every stale "as of YYYY-MM-DD" in a text (e.g. a document title) without touching the rest. */
export function flagStaleDates(text: string, now: Date): string {
  return text.replace(AS_OF_DATE, (_match, date: string) => asOfLabel(date, now));
}

/** "Llama 4 Community License (as of 2026-12-01) · self-hosted (no per-token price)" — for model lists. */
export function licenseAndPrice(model: CatalogModel, now: Date): string {
  const license = `${model.license.name} (${asOfLabel(model.openWeights.source.asOf, now)})`;
  if (!model.price) return `${license} · self-hosted (no per-token price)`;
  const p = model.price;
  return `${license} · $${p.inputPer1M} in / $${p.outputPer1M} out per 1M tokens (${asOfLabel(p.asOf, now)})`;
}
