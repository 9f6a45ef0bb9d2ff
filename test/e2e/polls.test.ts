/**
 * Polls through the real discord.js client against the fake Discord: buttons, ephemeral
 * confirmations, live tallies (coalesced edits), permissions, anonymity, bursts, and a restart.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageFlags } from 'discord.js';
import { createServices } from '../../src/app/create-services.js';
import type { Services } from '../../src/app/services.js';
import { loadConfig, type Config } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/discord/bot.js';
import { pollRefreshesIdle } from '../../src/discord/components/poll.js';
import {
  REPO_KNOWLEDGE_DIR,
  callbackOf,
  channelMessageIn,
  editOriginalOf,
  messageSendingRequests,
  startFakeDiscord,
  type ApiMessage,
  type FakeDiscord,
  type FakeUser,
  type RecordedRequest,
} from './fake-discord/index.js';

let fake: FakeDiscord;
let dataDir: string;
let config: Config;
let services: Services;
let bot: RunningBot;
const clientErrors: unknown[] = [];

async function boot(): Promise<void> {
  services = await createServices(config);
  bot = await startBot(config, services, { readyTimeoutMs: 10_000 });
  bot.client.on('error', (error) => clientErrors.push(error));
}

async function shutdown(): Promise<void> {
  await bot.stop();
  await services.close();
}

beforeAll(async () => {
  fake = await startFakeDiscord();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-e2e-polls-'));
  config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.world.applicationId,
    DISCORD_API_BASE_URL: fake.apiBaseUrl,
    PARLEY_DATA_DIR: dataDir,
    PARLEY_KNOWLEDGE_DIR: REPO_KNOWLEDGE_DIR,
    PARLEY_LOG_LEVEL: 'silent',
  });
  await boot();
});

afterAll(async () => {
  await shutdown().catch(() => undefined);
  await fake?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

/** `/poll create …` → the poll message (as the fake stores it) and its id. */
async function createPoll(options: Record<string, string | number | boolean>, user?: FakeUser): Promise<{ pollId: string; message: ApiMessage }> {
  const interaction = fake.slash('poll', options, user ?? fake.users.alice, { subcommand: 'create' });
  const since = fake.interact(interaction);
  const edit = await fake.waitFor(editOriginalOf(interaction), { since, timeout: 5_000 });
  const ids = customIds(edit.body);
  const pollId = ids.find((id) => id.startsWith('poll:close:'))?.split(':')[2];
  if (!pollId) throw new Error(`no poll in ${JSON.stringify(edit.body)}`);
  const message = [...fake.messages.values()].find((m) => JSON.stringify(m.components).includes(`poll:close:${pollId}`))!;
  return { pollId, message };
}

function customIds(body: { components?: Array<{ components: Array<{ custom_id: string }> }> }): string[] {
  return (body.components ?? []).flatMap((row) => row.components.map((c) => c.custom_id));
}

/** Clicks a button and returns the interaction callback (the ephemeral confirmation). */
async function click(customId: string, message: ApiMessage, user: FakeUser): Promise<RecordedRequest> {
  const interaction = fake.button(customId, message, user);
  const since = fake.interact(interaction);
  return fake.waitFor(callbackOf(interaction), { since, timeout: 5_000 });
}

function member(i: number): FakeUser {
  const base = fake.users.bob;
  return { ...base, id: (BigInt(base.id) + BigInt(1000 + i)).toString(), username: `voter${i}`, global_name: `Voter ${i}` };
}

const latestEmbed = (messageId: string) => (fake.messages.get(messageId)!.embeds as Array<{ description: string; title: string; footer?: { text: string } }>)[0]!;

describe('/poll', () => {
  it('creates a poll with one button per option, a Close button, bars and a relative deadline', async () => {
    const { pollId, message } = await createPoll({ question: 'Which model for the support bot?', models: 'llama-2-70b,mistral-7b', options: 'gpt-4o; none of them', duration: '2h' });
    const ids = customIds(message as never);
    expect(ids).toEqual([0, 1, 2, 3].map((i) => `poll:vote:${pollId}:${i}`).concat(`poll:close:${pollId}`));
    const embed = latestEmbed(message.id);
    expect(embed.title).toContain('Which model for the support bot?');
    expect(embed.description).toMatch(/`░░░░░░░░░░` 0 \(0%\)/);
    expect(embed.description).toMatch(/Closes <t:\d+:R>/);
    expect(embed.description).toMatch(/open weights · Llama 2 Community License/);
    expect(embed.footer!.text).toContain(`Poll ${pollId}`);
  });

  it('counts votes from several members, confirms each privately, lets a member change, refreshes the message', async () => {
    const { pollId, message } = await createPoll({ question: 'Lunch?', options: 'pizza; sushi; salad' });
    const { alice, bob, carol } = fake.users;
    const a = await click(`poll:vote:${pollId}:0`, message, alice);
    expect(a.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
    expect(a.body.data.content).toMatch(/Counted.*\*\*pizza\*\*/);
    await click(`poll:vote:${pollId}:0`, message, bob);
    await click(`poll:vote:${pollId}:1`, message, carol);
    const changed = await click(`poll:vote:${pollId}:2`, message, bob);
    expect(changed.body.data.content).toMatch(/Changed: your vote is now \*\*salad\*\*/);
    const again = await click(`poll:vote:${pollId}:2`, message, bob);
    expect(again.body.data.content).toMatch(/Already counted/);

    await pollRefreshesIdle();
    const embed = latestEmbed(message.id);
    expect(embed.description).toContain('**1. pizza**\n`███░░░░░░░` 1 (33%)');
    expect(embed.description).toContain('**3. salad**\n`███░░░░░░░` 1 (33%)');
    expect(embed.description).toContain(`<@${alice.id}>`); // public poll: voters listed (without pings)
    const results = await services.polls.results({ guildId: fake.world.guildId, channelId: fake.world.channelId, userId: alice.id, isAdmin: false }, pollId);
    expect(results.tallies.map((t) => t.votes)).toEqual([1, 1, 1]);
    for (const { body } of messageSendingRequests(fake.requests)) expect(body.allowed_mentions).toMatchObject({ parse: [] });
  });

  it('refuses a close by a non-creator; the creator closes it and the result is posted', async () => {
    const { pollId, message } = await createPoll({ question: 'Ship Friday?', options: 'yes; no' });
    await click(`poll:vote:${pollId}:0`, message, fake.users.carol);
    const refused = await click(`poll:close:${pollId}`, message, fake.users.bob);
    expect(refused.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
    expect(refused.body.data.content).toMatch(/Only the person who created this poll/);

    const byCommand = fake.slash('poll', { id: pollId }, fake.users.bob, { subcommand: 'close' });
    const since = fake.interact(byCommand);
    const followUp = await fake.waitFor((r) => r.route === 'POST /webhooks/:app/:token' && r.path.endsWith(byCommand.token), { since, timeout: 5_000 });
    expect(followUp.body.flags).toBe(MessageFlags.Ephemeral);
    expect(followUp.body.content).toMatch(/Only the person who created this poll/);

    const closed = await click(`poll:close:${pollId}`, message, fake.users.alice);
    expect(closed.body.type).toBe(4);
    expect(closed.body.data.flags ?? 0).toBe(0);
    expect(closed.body.data.embeds[0].description).toMatch(/Winner: \*\*yes\*\* with 1 vote \(100%\) · 1 member voted/);
    await pollRefreshesIdle();
    expect(fake.messages.get(message.id)!.components).toEqual([]);
    const late = await click(`poll:vote:${pollId}:1`, message, fake.users.bob);
    expect(late.body.data).toMatchObject({ flags: MessageFlags.Ephemeral });
    expect(late.body.data.content).toMatch(/This poll is closed/);
  });

  it('an anonymous poll never shows who voted, in the message, the results or the close', async () => {
    const { pollId, message } = await createPoll({ question: 'Secret ballot?', options: 'open; closed', anonymous: true });
    const { alice, bob, carol } = fake.users;
    await click(`poll:vote:${pollId}:0`, message, bob);
    await click(`poll:vote:${pollId}:1`, message, carol);
    const results = fake.slash('poll', { id: pollId }, alice, { subcommand: 'results' });
    let since = fake.interact(results);
    const shown = await fake.waitFor(editOriginalOf(results), { since, timeout: 5_000 });
    expect(shown.body.embeds[0].description).toMatch(/1 \(50%\)/);
    const close = fake.slash('poll', { id: pollId }, alice, { subcommand: 'close' });
    since = fake.interact(close);
    await fake.waitFor(editOriginalOf(close), { since, timeout: 5_000 });
    await pollRefreshesIdle();
    const everything = JSON.stringify(fake.requests.filter((r) => r.method !== 'GET' && JSON.stringify(r.body ?? '').includes(pollId)).map((r) => r.body));
    expect(everything).not.toContain(bob.id);
    expect(everything).not.toContain(carol.id);
    expect(latestEmbed(message.id).footer!.text).toContain('anonymous');
  });

  it('multi-select: up to the limit, then a private explanation', async () => {
    const { pollId, message } = await createPoll({ question: 'Which two?', options: 'a; b; c', multi: 2 });
    const { alice } = fake.users;
    await click(`poll:vote:${pollId}:0`, message, alice);
    const second = await click(`poll:vote:${pollId}:2`, message, alice);
    expect(second.body.data.content).toMatch(/Your votes: \*\*a\*\*, \*\*c\*\* \(up to 2\)/);
    const third = await click(`poll:vote:${pollId}:1`, message, alice);
    expect(third.body.data).toMatchObject({ flags: MessageFlags.Ephemeral });
    expect(third.body.data.content).toMatch(/at most 2 options/);
    const ctx = { guildId: fake.world.guildId, channelId: fake.world.channelId, userId: alice.id, isAdmin: false };
    expect((await services.polls.results(ctx, pollId)).tallies.map((t) => t.votes)).toEqual([1, 0, 1]);
  });

  it('a double click (two concurrent clicks) never loses or duplicates a vote, even in a multi-select poll', async () => {
    const { pollId, message } = await createPoll({ question: 'Double?', options: 'a; b; c', multi: 2 });
    const { bob, carol } = fake.users;
    const twice = (customId: string, user: FakeUser) => {
      const first = fake.button(customId, message, user);
      const second = fake.button(customId, message, user);
      const at = [fake.interact(first), fake.interact(second)];
      return Promise.all([fake.waitFor(callbackOf(first), { since: at[0] }), fake.waitFor(callbackOf(second), { since: at[1] })]);
    };
    await twice(`poll:vote:${pollId}:1`, bob);
    await twice(`poll:vote:${pollId}:2`, carol);
    const ctx = { guildId: fake.world.guildId, channelId: fake.world.channelId, userId: bob.id, isAdmin: false };
    const results = await services.polls.results(ctx, pollId);
    expect(results.tallies.map((t) => t.votes)).toEqual([0, 1, 1]);
    expect(results.turnout).toBe(2);
  });

  it('100 concurrent votes from 100 members: all acknowledged, exact tallies, ≤ 1 message edit per second', async () => {
    const { pollId, message } = await createPoll({ question: 'Burst?', options: 'one; two; three; four' });
    const voters = Array.from({ length: 100 }, (_, i) => member(i));
    const interactions = voters.map((user, i) => fake.button(`poll:vote:${pollId}:${i % 4}`, message, user));
    const started = performance.now();
    const sent = interactions.map((interaction) => ({ interaction, at: fake.interact(interaction) }));
    const acks = await Promise.all(sent.map(({ interaction, at }) => fake.waitFor(callbackOf(interaction), { since: at, timeout: 10_000 })));
    const ackLatencies = acks.map((ack, i) => ack.at - sent[i]!.at).sort((x, y) => x - y);
    expect(ackLatencies.at(-1)!).toBeLessThan(3_000);
    for (const ack of acks) expect(ack.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });

    await pollRefreshesIdle();
    const elapsedS = (performance.now() - started) / 1000;
    const ctx = { guildId: fake.world.guildId, channelId: fake.world.channelId, userId: fake.users.alice.id, isAdmin: false };
    const results = await services.polls.results(ctx, pollId);
    expect(results.turnout).toBe(100);
    expect(results.tallies.map((t) => t.votes)).toEqual([25, 25, 25, 25]);
    expect(latestEmbed(message.id).description).toContain('100 voted');
    const edits = fake.requests.filter((r) => r.route === 'PATCH /channels/:channel/messages/:message' && r.path.endsWith(message.id) && r.at >= started);
    expect(edits.length).toBeGreaterThanOrEqual(1);
    expect(edits.length).toBeLessThanOrEqual(Math.ceil(elapsedS) + 1);
    // (Spacing is measured where the bot starts an edit, in test/discord/coalesce.test.ts; arrival times here jitter under load.)
  });

  it('a restart mid-poll keeps the tallies, and the deadline still closes it and posts the result', async () => {
    const { pollId, message } = await createPoll({ question: 'Survive a restart?', options: 'yes; no', duration: '1h' });
    await click(`poll:vote:${pollId}:0`, message, fake.users.bob);
    await click(`poll:vote:${pollId}:1`, message, fake.users.carol);
    await pollRefreshesIdle();
    await shutdown();

    await boot();
    const ctx = { guildId: fake.world.guildId, channelId: fake.world.channelId, userId: fake.users.alice.id, isAdmin: false };
    expect((await services.polls.results(ctx, pollId)).tallies.map((t) => t.votes)).toEqual([1, 1]);
    const afterRestart = await click(`poll:vote:${pollId}:0`, message, fake.users.alice);
    expect(afterRestart.body.data.content).toMatch(/Counted/);

    // Bring the deadline close, then restart once more: the new scheduler re-arms it from the store.
    await pollRefreshesIdle();
    await shutdown();
    const deadline = Date.now() + 1_500;
    const { openDatabase } = await import('../../src/store/database.js');
    const db = openDatabase(config.dbPath);
    db.prepare('UPDATE polls SET closes_at = ? WHERE id = ?').run(deadline, pollId);
    db.close();
    const since = performance.now();
    await boot();
    const announcement = await fake.waitFor(
      (r) => channelMessageIn(fake.world.channelId)(r) && JSON.stringify(r.body).includes('Survive a restart?'),
      { since, timeout: 5_000 },
    );
    expect(Date.now()).toBeGreaterThanOrEqual(deadline);
    expect(announcement.body.embeds[0].description).toMatch(/Winner: \*\*yes\*\* with 2 votes \(67%\) · 3 members voted/);
    await pollRefreshesIdle();
    expect(fake.messages.get(message.id)!.components).toEqual([]);
    expect(clientErrors).toEqual([]);
    expect(fake.unknownRoutes).toEqual([]);
  });
});
