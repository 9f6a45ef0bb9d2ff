/**
 * `npm start` with PARLEY_SHARDS=auto against a fake Discord that recommends two shards and serves
 * two guilds, one per shard: the real ShardingManager starts two shard processes (src/main.ts),
 * each identifies as its shard and receives only its guild's events; /ask and polls work in both
 * guilds, and a poll's deadline is announced exactly once although every shard sweeps for it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import pg from 'pg';
import { createDatabase } from '../support/postgres.js';
import {
  REPO_KNOWLEDGE_DIR,
  button,
  callbackOf,
  channelMessageIn,
  createWorld,
  editOriginalOf,
  slash,
  startFakeDiscord,
  type FakeDiscord,
  type FakeWorld,
} from './fake-discord/index.js';

const postgresUrl = inject('postgresUrl');
const ROOT = path.resolve(import.meta.dirname, '../..');

/** Two guilds of one bot on different shards of two: (guild_id >> 22) % 2 differs. */
function twoGuildsOnTwoShards(): [FakeWorld, FakeWorld] {
  const first = createWorld();
  for (;;) {
    const second = { ...createWorld(), applicationId: first.applicationId, bot: first.bot };
    if ((BigInt(first.guildId) >> 22n) % 2n !== (BigInt(second.guildId) >> 22n) % 2n) return [first, second];
  }
}

describe.runIf(postgresUrl)('PARLEY_SHARDS=auto: two shard processes on one PostgreSQL', () => {
  const worlds = twoGuildsOnTwoShards();
  let fake: FakeDiscord;
  let database: { url: string; drop(): Promise<void> };
  let dataDir: string;
  let manager: ChildProcess;
  let output = '';

  beforeAll(async () => {
    fake = await startFakeDiscord({ world: worlds[0], otherGuilds: [worlds[1]], shards: 2 });
    database = await createDatabase(postgresUrl);
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-e2e-shards-'));
    manager = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: worlds[0].applicationId,
        DISCORD_API_BASE_URL: fake.apiBaseUrl,
        PARLEY_DATA_DIR: dataDir,
        PARLEY_KNOWLEDGE_DIR: REPO_KNOWLEDGE_DIR,
        PARLEY_LOG_LEVEL: 'info',
        DATABASE_URL: database.url,
        PARLEY_SHARDS: 'auto',
        PARLEY_POLL_SWEEP_MS: '200',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    manager.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    manager.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await vi.waitFor(
      () => {
        if (manager.exitCode !== null) throw new Error(`the manager exited (${manager.exitCode}):\n${output}`);
        if (!/all shards are ready/.test(output)) throw new Error(`shards not ready yet:\n${output.slice(-2_000)}`);
      },
      { timeout: 90_000, interval: 200 },
    );
  }, 120_000);

  afterAll(async () => {
    if (manager && manager.exitCode === null) {
      manager.kill('SIGKILL');
    }
    await fake?.stop();
    await database?.drop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('each shard identifies as itself and serves its own guild', () => {
    expect(fake.identifies).toHaveLength(2);
    expect(fake.unknownRoutes).toEqual([]);
  });

  it('/ask and a poll work in the guild of each shard, and each deadline is announced once', async () => {
    const polls: Array<{ world: FakeWorld; pollId: string }> = [];
    for (const world of worlds) {
      const ask = slash(world, 'ask', { question: 'Can we ship Llama 2 in a product with 800M users?' }, world.users.alice);
      const asked = await fake.waitFor(editOriginalOf(ask), { since: fake.interact(ask), timeout: 20_000 });
      expect(JSON.stringify(asked.body)).toMatch(/Llama/);

      const create = slash(world, 'poll', { question: `Shard poll in ${world.guildId}?`, options: 'yes; no', duration: '1h' }, world.users.alice, { subcommand: 'create' });
      const created = await fake.waitFor(editOriginalOf(create), { since: fake.interact(create), timeout: 20_000 });
      const closeId = (created.body.components as Array<{ components: Array<{ custom_id: string }> }>).flatMap((row) => row.components).find((c) => c.custom_id.startsWith('poll:close:'))!.custom_id;
      const pollId = closeId.split(':')[2]!;
      const message = [...fake.messages.values()].find((m) => JSON.stringify(m.components).includes(closeId))!;
      const click = button(world, `poll:vote:${pollId}:0`, message, world.users.bob);
      const counted = await fake.waitFor(callbackOf(click), { since: fake.interact(click), timeout: 20_000 });
      expect(counted.body.data.content).toMatch(/Counted/);
      polls.push({ world, pollId });
    }

    // Both deadlines arrive now; both shards sweep every 200 ms and race for each poll.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('UPDATE polls SET closes_at = $1', [Date.now()]);
    await client.end();
    const announcements = (world: FakeWorld) => fake.requests.filter((r) => channelMessageIn(world.channelId)(r) && r.method === 'POST' && JSON.stringify(r.body).includes(`Shard poll in ${world.guildId}?`));
    for (const { world } of polls) await expect.poll(() => announcements(world).length, { timeout: 10_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // five more sweeps of each shard
    for (const { world } of polls) expect(announcements(world)).toHaveLength(1);
    expect(fake.unknownRoutes).toEqual([]);
  });

  it('stops every shard on SIGTERM and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => manager.once('exit', resolve));
    manager.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
