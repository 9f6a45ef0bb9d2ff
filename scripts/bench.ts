/**
 * `npm run bench`: runs every section in scripts/bench/ (each exports `run()`), in name order
 * with `core` first, and prints `name: value unit` lines. A missing section is simply absent;
 * a failing one is reported on stderr and makes the exit code 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

const folder = path.join(import.meta.dirname, 'bench');
const sections = fs
  .readdirSync(folder)
  .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts') && !file.startsWith('_'))
  .sort((a, b) => Number(b.startsWith('core.')) - Number(a.startsWith('core.')) || a.localeCompare(b));

let failed = false;
for (const file of sections) {
  try {
    const module = (await import(pathToFileURL(path.join(folder, file)).href)) as { run?: () => Promise<BenchFigure[]> };
    if (typeof module.run !== 'function') continue;
    for (const figure of await module.run()) process.stdout.write(`${figure.name}: ${formatValue(figure.value)} ${figure.unit}\n`);
  } catch (error) {
    failed = true;
    process.stderr.write(`bench section ${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
}
process.stdout.write(`peak RSS (whole bench): ${formatValue(process.resourceUsage().maxRSS / 1024)} MB\n`);
process.exitCode = failed ? 1 : 0;

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
}
