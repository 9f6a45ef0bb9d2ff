import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommands } from '../../scripts/deploy-commands.js';
import { loadConfig } from '../../src/config.js';
import { ROOT } from './helpers.js';

describe('npm run deploy-commands failures name what to fix', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    // A Discord that rejects every token.
    server = http.createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: '401: Unauthorized', code: 0 }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a rejected token names DISCORD_TOKEN', async () => {
    const config = loadConfig({ DISCORD_TOKEN: 'not-a-token', DISCORD_API_BASE_URL: base });
    await expect(deployCommands(config, [])).rejects.toMatchObject({ name: 'UserError', message: expect.stringContaining('Discord rejected DISCORD_TOKEN') });
  });

  it('an unreachable Discord names the URL and DISCORD_API_BASE_URL instead of a stack trace', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const config = loadConfig({ DISCORD_TOKEN: 'x', DISCORD_API_BASE_URL: url });
    await expect(deployCommands(config, [])).rejects.toMatchObject({ message: expect.stringMatching(new RegExp(`Could not reach Discord at ${url}.*DISCORD_API_BASE_URL`)) });
  });
});

describe('start-up with a missing knowledge directory', () => {
  it('prints the catalog problem and PARLEY_KNOWLEDGE_DIR, without a stack trace', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, PARLEY_KNOWLEDGE_DIR: '/nonexistent-parley-knowledge', PARLEY_DB_PATH: ':memory:', PARLEY_LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid model catalog /nonexistent-parley-knowledge/models.yaml');
    expect(result.stderr).toContain('PARLEY_KNOWLEDGE_DIR');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
