/**
 * A real PostgreSQL server for tests and the bench, on 127.0.0.1 and a free port, in a temp
 * folder. The server refuses to run as root (and CI runs as root), so as root it runs as the
 * `postgres` system user through `runuser`. Binaries: PARLEY_PG_BIN, else the newest
 * /usr/lib/postgresql/<version>/bin (Debian's `postgresql` package; .ci/run installs it).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const SERVER_USER = 'postgres';

export interface PostgresServer {
  /** postgres://parley@127.0.0.1:PORT/postgres (trust authentication, loopback only). */
  url: string;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /**
   * false (tests): fsync and synchronous commit off, the server's durability traded for speed.
   * true (bench): the server's defaults, every commit flushed to disk.
   */
  durable?: boolean;
}

/** Where initdb and pg_ctl are; null with the reason when they are not installed. */
export function findPostgresBinaries(): { dir: string } | { dir: null; reason: string } {
  const candidates = process.env.PARLEY_PG_BIN
    ? [process.env.PARLEY_PG_BIN]
    : listVersions('/usr/lib/postgresql').map((version) => path.join('/usr/lib/postgresql', version, 'bin'));
  const dir = candidates.find((candidate) => fs.existsSync(path.join(candidate, 'initdb')) && fs.existsSync(path.join(candidate, 'pg_ctl')));
  if (dir) return { dir };
  return { dir: null, reason: 'PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or PARLEY_PG_BIN: install Debian\'s `postgresql` package (.ci/run does)' };
}

function listVersions(root: string): string[] {
  try {
    return fs.readdirSync(root).sort((a, b) => Number(b) - Number(a));
  } catch {
    return [];
  }
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const found = findPostgresBinaries();
  if (found.dir === null) throw new Error(found.reason);
  const bin = found.dir;
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-pg-'));
  const dataDir = path.join(dir, 'data');
  if (asRoot) await run('chown', [SERVER_USER, dir]);
  const as = (file: string, args: string[]) => (asRoot ? run('runuser', ['-u', SERVER_USER, '--', file, ...args]) : run(file, args));

  await as(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'parley', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c max_connections=200',
    ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  await as(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-l', path.join(dir, 'server.log'), '-o', settings, '-w', '-t', '60', 'start']);
  const url = `postgres://parley@127.0.0.1:${port}/postgres`;
  return {
    url,
    async stop() {
      await as(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A new empty place on the server for one test (a schema, which is created in milliseconds where
 * CREATE DATABASE takes most of a second): its URL selects the schema through search_path.
 */
export async function createDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(serverUrl, `CREATE SCHEMA ${schema}`);
  const url = new URL(serverUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => adminQuery(serverUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
