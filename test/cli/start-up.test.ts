/**
 * `npm start` with a token, as a child process running the compiled bot (scripts/start.mjs →
 * dist/main.js): each way of failing to reach Discord says what failed and which setting to fix,
 * exits 1, and shows no stack trace unless PARLEY_LOG_LEVEL=debug.
 */
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../e2e/fake-discord/server.js';
import { prepareDataDir, ROOT, type RunResult } from './helpers.js';

const STACK_LINE = /\n\s+at /;

let dataDir: string;

beforeAll(async () => {
  // What `npm start` does first on a fresh clone; the children below then start from dist/.
  const build = spawnSync(process.execPath, ['scripts/start.mjs', '--build'], { cwd: ROOT, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  dataDir = await prepareDataDir();
}, 180_000);

/** `npm start` without npm in between; `onStderr` (where the log goes) sees everything written there so far. */
function npmStart(env: Record<string, string>, onStderr?: (text: string) => void): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PARLEY_DATA_DIR: dataDir, PARLEY_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (data: string) => (stdout += data));
    child.stderr.setEncoding('utf8').on('data', (data: string) => {
      stderr += data;
      onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return url;
}

describe('npm start: Discord cannot be reached', () => {
  it('names the URL and DISCORD_API_BASE_URL, exits 1, no stack trace', async () => {
    const url = await closedPortUrl();
    const result = await npmStart({ DISCORD_TOKEN: 'bogus', DISCORD_API_BASE_URL: url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Could not reach Discord at ${url} (ECONNREFUSED). Check the network connection, or DISCORD_API_BASE_URL if you set it.`);
    expect(result.stderr).not.toMatch(STACK_LINE);
  }, 120_000);

  it('with PARLEY_LOG_LEVEL=debug, also prints the underlying error and its stack', async () => {
    const url = await closedPortUrl();
    const result = await npmStart({ DISCORD_TOKEN: 'bogus', DISCORD_API_BASE_URL: url, PARLEY_LOG_LEVEL: 'debug' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Could not reach Discord');
    expect(result.stderr).toMatch(/Caused by: Error: connect ECONNREFUSED[^\n]*\n\s+at /);
  }, 120_000);
});

describe('npm start against a fake Discord', () => {
  let fake: FakeDiscord;
  afterAll(() => fake?.stop());

  it('a token Discord rejects (401) names DISCORD_TOKEN and how to get a new one', async () => {
    fake = await startFakeDiscord();
    const result = await npmStart({ DISCORD_TOKEN: 'not-the-token', DISCORD_API_BASE_URL: fake.apiBaseUrl });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the bot token again from the Developer Portal (Bot → Reset Token).');
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stderr).not.toContain('not-the-token');
    await fake.stop();
  }, 120_000);

  it('a privileged intent that is not enabled (close code 4014) says where to enable it', async () => {
    fake = await startFakeDiscord({ identifyCloseCode: 4014 });
    const result = await npmStart({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE_URL: fake.apiBaseUrl });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(4014)');
    expect(result.stderr).toContain('enable "Message Content Intent" in the Developer Portal');
    expect(result.stderr).not.toMatch(STACK_LINE);
    await fake.stop();
  }, 120_000);

  it('a token reset while running (close code 4004 after ready) stops Parley with exit 1 and says why', async () => {
    fake = await startFakeDiscord();
    let closed = false;
    const result = await npmStart({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE_URL: fake.apiBaseUrl, PARLEY_LOG_LEVEL: 'info' }, (stderr) => {
      if (!closed && stderr.includes('"msg":"ready as')) {
        closed = true;
        fake.closeGateway(4004, 'Authentication failed.');
      }
    });
    expect(closed).toBe(true);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('authentication failed (4004). DISCORD_TOKEN is not valid');
    expect(result.stderr).not.toMatch(STACK_LINE);
    await fake.stop();
  }, 120_000);
});
