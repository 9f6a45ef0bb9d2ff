/**
 * What every bench section shares: the figure type, the statistics, and the entry point that
 * lets a section run as its own process (`npx tsx scripts/bench/core.ts`). `scripts/bench.ts`
 * starts each section that way, one after the other, so a section's peak RSS, GC state, open
 * sockets and warm caches are its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

/** Nearest-rank percentile (p in 0..100); 0 for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

/** Median (the lower middle value for an even count, so it is always a measured value). */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function formatFigure(figure: BenchFigure): string {
  const { value } = figure;
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) < 10 ? 2 : 1);
  return `${figure.name}: ${shown} ${figure.unit}`;
}

/**
 * Call at the bottom of a section: `await runSectionIfMain(import.meta.url, 'core', run)`.
 * Does nothing when the module is imported; run as a script, it prints the section's figures and
 * then `<section> peak RSS: N MB` for this process, and sets exit code 1 if the section throws.
 */
export async function runSectionIfMain(moduleUrl: string, section: string, run: () => Promise<BenchFigure[]>): Promise<void> {
  if (!isEntryPoint(moduleUrl)) return;
  try {
    for (const figure of await run()) process.stdout.write(`${formatFigure(figure)}\n`);
    process.stdout.write(`${formatFigure({ name: `${section} peak RSS`, value: Math.round(process.resourceUsage().maxRSS / 1024), unit: 'MB' })}\n`);
  } catch (error) {
    process.stderr.write(`bench section ${section} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}

function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  return realPath(fileURLToPath(moduleUrl)) === realPath(path.resolve(script));
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
