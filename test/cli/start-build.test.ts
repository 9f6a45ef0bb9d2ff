/**
 * scripts/start.mjs (what `npm start` runs) in a throwaway project: it compiles src/ into dist/
 * when dist/ is missing or older than the sources, runs the compiled entry, and leaves no output
 * of deleted sources behind.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

let project: string;

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-start-'));
  fs.mkdirSync(path.join(project, 'scripts'));
  fs.mkdirSync(path.join(project, 'src'));
  for (const file of ['scripts/start.mjs', 'tsconfig.json', 'tsconfig.build.json']) fs.copyFileSync(path.join(ROOT, file), path.join(project, file));
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ type: 'module' }));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));
});
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

/** Writes a source dated `ageMs` ago (negative: later than anything built so far, whatever the clock resolution). */
function writeSource(file: string, text: string, ageMs: number): void {
  const target = path.join(project, 'src', file);
  fs.writeFileSync(target, text);
  const at = new Date(Date.now() - ageMs);
  fs.utimesSync(target, at, at);
  fs.utimesSync(path.dirname(target), at, at);
}

function start(): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['scripts/start.mjs'], { cwd: project, encoding: 'utf8' });
}

it('builds on the first start, reuses dist/ while it is current, rebuilds when a source changes', () => {
  writeSource('greeting.ts', "export const greeting: string = 'hello';\n", 60_000);
  writeSource('main.ts', "import { greeting } from './greeting.js';\nconsole.log(greeting);\n", 60_000);
  expect(start()).toMatchObject({ status: 0, stdout: 'hello\n' });
  const built = fs.statSync(path.join(project, 'dist', 'main.js')).mtimeMs;

  expect(start()).toMatchObject({ status: 0, stdout: 'hello\n' });
  expect(fs.statSync(path.join(project, 'dist', 'main.js')).mtimeMs).toBe(built);

  fs.rmSync(path.join(project, 'src', 'greeting.ts'));
  writeSource('main.ts', "console.log('changed');\n", -2_000);
  expect(start()).toMatchObject({ status: 0, stdout: 'changed\n' });
  expect(fs.readdirSync(path.join(project, 'dist')).sort()).toEqual(['main.js']);
}, 120_000);

it('a source that does not compile stops the start with exit 1 and keeps the previous dist/', () => {
  writeSource('main.ts', "console.log('ok');\n", -4_000);
  expect(start()).toMatchObject({ status: 0, stdout: 'ok\n' });
  writeSource('main.ts', 'console.log(;\n', -6_000);
  const broken = start();
  expect(broken.status).toBe(1);
  expect(broken.stdout).toContain('main.ts');
  expect(broken.stderr).toContain('Parley could not be compiled');
  expect(fs.readFileSync(path.join(project, 'dist', 'main.js'), 'utf8')).toContain("console.log('ok')");
}, 120_000);
