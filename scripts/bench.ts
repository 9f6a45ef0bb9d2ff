/**
 * `npm run bench [-- section…]`: runs each section of scripts/bench/ in its own Node process,
 * one after the other (never in parallel: they would compete for the 2 cores), so that a
 * section's peak RSS, GC state, sockets and caches are its own. Each section prints
 * `name: value unit` lines and its `<section> peak RSS: N MB`; this forwards them as they come.
 * Exit code 1 if any section fails, naming it on stderr.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const SECTIONS = ['core', 'retrieval', 'discord', 'backends', 'votes', 'postgres'] as const;
const SECTION_TIMEOUT_MS = 10 * 60_000;

const root = path.resolve(import.meta.dirname, '..');
const requested = process.argv.slice(2).filter((arg) => arg !== '--');
const unknown = requested.filter((name) => !(SECTIONS as readonly string[]).includes(name));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench section(s): ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}\n`);
  process.exit(2);
}
const selected = requested.length > 0 ? SECTIONS.filter((name) => requested.includes(name)) : [...SECTIONS];

const failures: string[] = [];
for (const section of selected) {
  const outcome = await runSection(section);
  if (outcome !== 'ok') {
    failures.push(`${section} (${outcome})`);
    process.stderr.write(`bench section ${section} failed: ${outcome}\n`);
  }
}
if (failures.length > 0) process.stderr.write(`bench: ${failures.length} of ${selected.length} section(s) failed: ${failures.join(', ')}\n`);
process.exitCode = failures.length > 0 ? 1 : 0;

function runSection(section: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'bench', `${section}.ts`)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let printedFigures = false;
    child.stdout.on('data', (chunk: Buffer) => {
      printedFigures = true;
      process.stdout.write(chunk);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, SECTION_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve(`could not start: ${error.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) resolve(`timed out after ${SECTION_TIMEOUT_MS / 60_000} min`);
      else if (signal) resolve(`killed by ${signal}`);
      else if (code !== 0) resolve(`exit code ${code}`);
      else resolve(printedFigures ? 'ok' : 'printed no figures');
    });
  });
}
