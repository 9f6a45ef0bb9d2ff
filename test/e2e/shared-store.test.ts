/**
 * Two Parley processes' worth of services, each with its own data directory, discord.js client
 * and gateway (two fakes serving one world: one bot, one guild), sharing one PostgreSQL through
 * DATABASE_URL. A poll created through one takes 100 concurrent clicks split between both, is
 * closed through the other with exact tallies and no second announcement; a deadline closes a
 * poll once whichever process gets there first; restarting both loses nothing.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'kysely';
import { createServices } from '../../src/app/create-services.js';
import type { Services } from '../../src/app/services.js';
import { loadConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/discord/bot.js';
import { pollRefreshesIdle } from '../../src/discord/components/poll.js';
import { createDatabase } from '../support/postgres.js';
import {
  REPO_KNOWLEDGE_DIR,
  callbackOf,
  channelMessageIn,
  createWorld,
  editOriginalOf,
  startFakeDiscord,
  type ApiMessage,
  type FakeDiscord,
  type FakeUser,
} from './fake-discord/index.js';

interface Stack {
  fake: FakeDiscord;
  dataDir: string;
  services: Services;
  bot: RunningBot;
  clientErrors: unknown[];
}

const postgresUrl = inject('postgresUrl');

describe.runIf(postgresUrl)('two processes sharing one PostgreSQL', () => {
  const world = createWorld();
  let database: { url: string; drop(): Promise<void> };
  let stacks: Stack[] = [];

  async function boot(fake: FakeDiscord, dataDir: string): Promise<Stack> {
    const config = loadConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: world.applicationId,
      DISCORD_API_BASE_URL: fake.apiBaseUrl,
      PARLEY_DATA_DIR: dataDir,
      PARLEY_KNOWLEDGE_DIR: REPO_KNOWLEDGE_DIR,
      PARLEY_LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      PARLEY_POLL_SWEEP_MS: '200',
    });
    const services = await createServices(config);
    const bot = await startBot(config, services, { readyTimeoutMs: 10_000 });
    const clientErrors: unknown[] = [];
    bot.client.on('error', (error) => clientErrors.push(error));
    return { fake, dataDir, services, bot, clientErrors };
  }

  async function stopStacks(): Promise<void> {
    await pollRefreshesIdle();
    for (const stack of stacks) {
      await stack.bot.stop();
      await stack.services.close();
    }
  }

  beforeAll(async () => {
    database = await createDatabase(postgresUrl);
    const fakes = [await startFakeDiscord({ world }), await startFakeDiscord({ world })];
    stacks = [];
    for (const fake of fakes) stacks.push(await boot(fake, await fs.mkdtemp(path.join(os.tmpdir(), 'parley-e2e-shared-'))));
  });

  afterAll(async () => {
    await stopStacks().catch(() => undefined);
    for (const stack of stacks) {
      await stack.fake.stop();
      await fs.rm(stack.dataDir, { recursive: true, force: true });
    }
    await database?.drop();
  });

  /** A member of the guild (the fake's world has four; a poll of 100 needs more). */
  const member = (i: number): FakeUser => ({ ...world.users.bob, id: (BigInt(world.users.bob.id) + BigInt(1_000 + i)).toString(), username: `member${i}` });
  const ctx = () => ({ guildId: world.guildId, channelId: world.channelId, userId: world.users.alice.id, isAdmin: false });

  async function createPoll(stack: Stack, options: Record<string, string>): Promise<{ pollId: string; message: ApiMessage }> {
    const interaction = stack.fake.slash('poll', options, world.users.alice, { subcommand: 'create' });
    const since = stack.fake.interact(interaction);
    const edit = await stack.fake.waitFor(editOriginalOf(interaction), { since, timeout: 10_000 });
    const closeId = (edit.body.components as Array<{ components: Array<{ custom_id: string }> }>).flatMap((row) => row.components).find((c) => c.custom_id.startsWith('poll:close:'))!.custom_id;
    const pollId = closeId.split(':')[2]!;
    const message = [...stack.fake.messages.values()].find((m) => JSON.stringify(m.components).includes(closeId))!;
    // The other gateway's Discord knows the same message (it is one Discord).
    for (const other of stacks) other.fake.messages.set(message.id, message);
    return { pollId, message };
  }

  const announcements = (pollQuestion: string) =>
    stacks.flatMap((stack) => stack.fake.requests.filter((r) => channelMessageIn(world.channelId)(r) && r.method === 'POST' && JSON.stringify(r.body).includes(pollQuestion)));

  it('100 concurrent clicks through both processes are counted exactly; closed through the other, announced once', async () => {
    const [first, second] = stacks as [Stack, Stack];
    const { pollId, message } = await createPoll(first, { question: 'Which model for support?', options: 'llama; mistral; gpt; claude' });

    const clicks = Array.from({ length: 100 }, (_, i) => {
      const stack = i % 2 === 0 ? first : second;
      const interaction = stack.fake.button(`poll:vote:${pollId}:${i % 4}`, message, member(i));
      return { stack, interaction, at: stack.fake.interact(interaction) };
    });
    const acks = await Promise.all(clicks.map(({ stack, interaction, at }) => stack.fake.waitFor(callbackOf(interaction), { since: at, timeout: 20_000 })));
    for (const ack of acks) expect(ack.body.data.content).toMatch(/Counted/);

    const close = second.fake.button(`poll:close:${pollId}`, message, world.users.alice);
    const since = second.fake.interact(close);
    const closed = await second.fake.waitFor(callbackOf(close), { since, timeout: 10_000 });
    expect(JSON.stringify(closed.body)).toMatch(/closed/i);

    for (const stack of stacks) {
      const results = await stack.services.polls.results(ctx(), pollId);
      expect(results.closed).toBe(true);
      expect(results.tallies.map((t) => t.votes)).toEqual([25, 25, 25, 25]);
      expect(results.turnout).toBe(100);
    }
    // Closed by a person: their click answered; neither process posts a second announcement.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(announcements('Which model for support?')).toEqual([]);
  });

  it('a deadline closes the poll once, whichever process gets there first', async () => {
    const [first] = stacks as [Stack, Stack];
    const { pollId, message } = await createPoll(first, { question: 'Deadline shared?', options: 'yes; no', duration: '1h' });
    await Promise.all([0, 1, 2].map((i) => {
      const stack = stacks[i % 2]!;
      const interaction = stack.fake.button(`poll:vote:${pollId}:${i === 2 ? 1 : 0}`, message, member(200 + i));
      return stack.fake.waitFor(callbackOf(interaction), { since: stack.fake.interact(interaction), timeout: 10_000 });
    }));
    // Bring the deadline to now: both processes' sweeps race for it.
    await sql`UPDATE polls SET closes_at = ${Date.now()} WHERE id = ${pollId}`.execute(first.services.store.db);
    await expect.poll(() => announcements('Deadline shared?').length, { timeout: 10_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 800)); // several more sweeps of both
    expect(announcements('Deadline shared?')).toHaveLength(1);
    expect(announcements('Deadline shared?')[0]!.body.embeds[0].description).toMatch(/Winner: \*\*yes\*\* with 2 votes/);
  });

  it('a restart of both processes loses nothing', async () => {
    const before = await stacks[0]!.services.polls.list({ ...ctx(), isAdmin: true });
    await stopStacks();
    const restarted: Stack[] = [];
    for (const stack of stacks) restarted.push(await boot(stack.fake, stack.dataDir));
    stacks = restarted;
    for (const stack of stacks) {
      expect(await stack.services.polls.list({ ...ctx(), isAdmin: true })).toEqual(before);
      const [closed] = (await stack.services.store.db.selectFrom('polls').select('id').where('question', '=', 'Which model for support?').execute());
      const results = await stack.services.polls.results(ctx(), closed!.id);
      expect(results.tallies.map((t) => t.votes)).toEqual([25, 25, 25, 25]);
      expect(stack.clientErrors).toEqual([]);
      expect(stack.fake.unknownRoutes).toEqual([]);
      expect(stack.fake.limitViolations).toEqual([]);
    }
  });
});
