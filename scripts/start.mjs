/**
 * `npm start`: runs the compiled bot (dist/main.js), compiling src/ first when dist/ is missing
 * or older than the sources. Plain JavaScript so it needs nothing but Node and the `typescript`
 * dependency: a host that installs with `npm ci --omit=dev` has no tsx.
 *
 * The build only emits (`noCheck`, see tsconfig.build.json); `npm run typecheck` and CI do the
 * type checking, so a production install needs no @types packages.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const entry = path.join(dist, 'main.js');
const buildInputs = [path.join(root, 'src'), path.join(root, 'tsconfig.json'), path.join(root, 'tsconfig.build.json')];

if (process.argv.includes('--build') || needsBuild()) build();
if (!process.argv.includes('--build')) await import(pathToFileURL(entry).href);

function needsBuild() {
  const built = mtime(entry);
  return built === undefined || buildInputs.some((input) => newestMtime(input) > built);
}

function build() {
  // Compile into a fresh directory, then swap it in: files of deleted sources do not linger, and
  // a failed build leaves the previous dist/ as it was.
  const staging = `${dist}.building-${process.pid}`;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', staging], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    process.stderr.write('Parley could not be compiled (see the errors above); `npm run typecheck` shows every type error.\n');
    process.exit(1);
  }
  fs.rmSync(dist, { recursive: true, force: true });
  try {
    fs.renameSync(staging, dist);
  } catch (error) {
    // Another start built dist/ at the same moment: its build is as fresh as ours.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(entry)) throw error;
  }
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function newestMtime(file) {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(file).map((name) => newestMtime(path.join(file, name))));
}
