/**
 * The Discord audit, end to end through the fake gateway with one bot: every command and
 * component driven once with worst-case inputs (the longest poll, 60 configured backends, long
 * tables and answers), bad input, Discord API faults and a provider that echoes its key.
 * The fake refuses, like Discord (400 / 50035), anything over Discord's size limits (limits.ts);
 * the last test asserts over every request the bot made that nothing could ping anyone.
 */
import { MessageFlags } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LeaderboardEntry } from '../../src/arena/types.js';
import { arenaRefreshesIdle } from '../../src/discord/components/arena.js';
import { pollRefreshesIdle } from '../../src/discord/components/poll.js';
import { startFakeOllama, startFakeOpenAi, type FakeProvider } from '../fakes/providers/index.js';
import {
  CALLBACK_ROUTE,
  callbackOf,
  channelMessageIn,
  editOriginalOf,
  followUpOf,
  mention,
  messageSendingRequests,
  startBot,
  visibleText,
  type ApiMessage,
  type BotHarness,
  type FakeUser,
  type RecordedRequest,
} from './fake-discord/index.js';

const COMPAT_KEY = 'vllm-team-key-7f3a9c2e51d04b68';
const OPENAI_KEY = 'sk-audit-openai-SECRET-0123456789';
/** 60 self-hosted models with long names: /model list must show every one, split cleanly. */
const OLLAMA_MODELS = Array.from({ length: 60 }, (_, i) => `registry.internal.example/team-${String(i).padStart(2, '0')}/llama-3.1-70b-instruct-q4-k-m`);
const LONG_ANSWER = Array.from({ length: 90 }, (_, i) => `Sentence ${i}: @everyone the open-weight model fits our hosting limits and licence terms [1].`).join(' ');

let h: BotHarness;
let ollama: FakeProvider;
let compat: FakeProvider;
let openai: FakeProvider;

beforeAll(async () => {
  ollama = await startFakeOllama(
    { kind: 'answer', text: LONG_ANSWER, inputTokens: 900, outputTokens: 800 },
    OLLAMA_MODELS.map((name) => ({ name, size: 42_000_000_000 })),
  );
  compat = await startFakeOpenAi({ kind: 'status', status: 401, message: `Invalid API key: ${COMPAT_KEY}` });
  openai = await startFakeOpenAi({ kind: 'status', status: 401, message: `Incorrect API key provided: ${OPENAI_KEY}` });
  h = await startBot({
    env: {
      OLLAMA_BASE_URL: ollama.url,
      OLLAMA_MODELS: OLLAMA_MODELS.join(','),
      PARLEY_OPENAI_COMPATIBLE: JSON.stringify([{ name: 'vllm', baseUrl: compat.url, model: 'meta-llama/Llama-2-70b-chat-hf', apiKey: COMPAT_KEY, catalogModel: 'llama-2-70b' }]),
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_BASE_URL: openai.url,
      PARLEY_BACKEND_MAX_RETRIES: '0',
      PARLEY_BACKEND_TIMEOUT_MS: '3000',
    },
    logLevel: 'debug',
  });
}, 30_000);

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await h?.stop();
  await Promise.all([ollama?.close(), compat?.close(), openai?.close()]);
});

/** What one interaction made the bot send, once it has gone quiet (≥ 150 ms without a request). */
async function settle(interaction: { id: string; token: string }, quietMs = 150): Promise<RecordedRequest[]> {
  let seen = -1;
  let since = performance.now();
  await vi.waitFor(
    () => {
      const mine = h.fake.requestsFor(interaction);
      if (mine.length !== seen) {
        seen = mine.length;
        since = performance.now();
      }
      const answered = messageSendingRequests(mine).length > 0 || mine.some((r) => r.route === CALLBACK_ROUTE && r.body?.type === 8);
      expect(answered && performance.now() - since >= quietMs).toBe(true);
    },
    { timeout: 10_000, interval: 25 },
  );
  return h.fake.requestsFor(interaction);
}

interface Run {
  requests: RecordedRequest[];
  ack: RecordedRequest;
  /** Everything the member could read, in order (content, titles, descriptions, fields, footers). */
  text: string;
  ackMs: number;
}

async function run(payload: { id: string; token: string }): Promise<Run> {
  const at = h.fake.interact(payload);
  const ack = await h.fake.waitFor(callbackOf(payload), { since: at, timeout: 5_000 });
  const requests = await settle(payload);
  // Discord would refuse these (the fake did, 400 / 50035): they show nothing, so say why here.
  const refused = h.fake.limitViolations.filter((v) => requests.includes(v.request));
  expect(refused.map((v) => `${v.request.method} ${v.request.route}: ${v.problems.join('; ')}`)).toEqual([]);
  const text = messageSendingRequests(requests)
    .map(({ body }) => visibleText(body))
    .join('\n');
  return { requests, ack, text, ackMs: ack.at - at };
}

const slash = (name: string, options: Record<string, string | number | boolean>, subcommand?: string, user?: FakeUser) =>
  run(h.fake.slash(name, options, user ?? h.fake.users.alice, subcommand ? { subcommand } : {}));

/** The one ephemeral reply a refused interaction got: a reply (type 4), an ephemeral edit, or an ephemeral follow-up. */
function privateReply(result: Run): { content: string; ephemeral: boolean } {
  const sent = messageSendingRequests(result.requests);
  const last = sent.at(-1)!;
  const deferredEphemeral = ((result.ack.body.data?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  const flags = (last.body.flags as number | undefined) ?? 0;
  const ephemeral = (flags & MessageFlags.Ephemeral) !== 0 || (last.request.method === 'PATCH' && deferredEphemeral);
  return { content: String(last.body.content ?? ''), ephemeral };
}

function botMessageWith(customIdPart: string): ApiMessage {
  const found = [...h.fake.messages.values()].reverse().find((m) => JSON.stringify(m.components ?? []).includes(customIdPart));
  if (!found) throw new Error(`no bot message with a component ${customIdPart}`);
  return found;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);
const sentence = (length: number, seed: string) => {
  let out = '';
  for (let i = 0; out.length < length; i++) out += `${seed}${i} `;
  return out.slice(0, length).replace(/\s+\S*$/, '').padEnd(length, 'x');
};

describe('Discord audit: every command and component with worst-case input', () => {
  it('/help and /ask answer within limits', async () => {
    const help = await slash('help', {});
    expect(help.text).toContain('/poll create');
    const ask = await slash('ask', { question: 'Can we use Llama 2 in a product with 800 million monthly active users?' });
    expect(ask.text).toMatch(/700/);
  });

  it('a mention conversation replies to the asker (the only ping allowed), and a failure reply too', async () => {
    const question = h.fake.userMessage(`${mention(h.fake.world.bot)} @everyone can we self-host Falcon 40B commercially?`, h.fake.users.bob, { mentions: [h.fake.world.bot] });
    const at = h.fake.post(question);
    const reply = await h.fake.waitFor(channelMessageIn(h.fake.world.channelId), { since: at, timeout: 5_000 });
    expect(reply.body.message_reference?.message_id).toBe(question.id);
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: true });
    vi.spyOn(h.services.answers, 'ask').mockRejectedValueOnce(new Error('boom'));
    const failing = h.fake.userMessage(`${mention(h.fake.world.bot)} and Llama 2?`, h.fake.users.bob, { mentions: [h.fake.world.bot] });
    const failedAt = h.fake.post(failing);
    const apology = await h.fake.waitFor(channelMessageIn(h.fake.world.channelId), { since: failedAt, timeout: 5_000 });
    expect(apology.body.content).toMatch(/error id/);
    expect(apology.body.allowed_mentions).toMatchObject({ parse: [] });
  });

  it('/model list shows all 60 configured backends (no truncation), each message within Discord limits', async () => {
    const list = await slash('model', {}, 'list');
    for (const model of OLLAMA_MODELS) expect(list.text).toContain(`ollama:${model}`);
    expect(list.text).toContain('`vllm`');
    const choices = await run(h.fake.autocomplete('model', { backend: 'ollama' }, 'backend', h.fake.users.alice, { subcommand: 'use' }));
    expect(choices.ack.body.data.choices).toHaveLength(25);
    // Pulled models come from Ollama's /api/tags, with their size.
    expect(list.text).toContain(`${OLLAMA_MODELS[0]} (42.0 GB)`);
    expect(choices.ack.body.data.choices[0].name).toContain('42.0 GB');
  });

  it('/usage and /leaderboard with 60 backends list every one of them', async () => {
    const backends = OLLAMA_MODELS.map((m) => `ollama:${m}`);
    vi.spyOn(h.services.usage, 'summary').mockResolvedValue({
      period: '30d',
      since: '2026-10-28',
      rows: backends.map((backend, i) => ({ backend, requests: 1000 + i, inputTokens: 12_345_678, outputTokens: 2_345_678, costUsd: 123.45, priceAsOf: '2026-11-01' })),
      totalInputTokens: 740_740_680,
      totalOutputTokens: 140_740_680,
      totalCostUsd: 7407,
    });
    const usage = await slash('usage', {});
    for (const backend of backends) expect(usage.text).toContain(backend);

    const board: LeaderboardEntry[] = backends.map((backend, i) => ({ backend, rating: 1200 - i, wins: 100 + i, losses: 90, ties: 10, votes: 200 + i }));
    vi.spyOn(h.services.arena, 'leaderboard').mockResolvedValue(board);
    const leaderboard = await slash('leaderboard', {});
    for (const backend of backends) expect(leaderboard.text).toContain(backend);
  });

  it('the longest poll: 256-character question, 10 options of 80 characters with model facts, votes, results, list, close', async () => {
    const question = sentence(256, 'question');
    const options = Array.from({ length: 7 }, (_, i) => sentence(80, `opt${i}w`));
    const created = await slash('poll', { question, models: 'llama-2-70b,gpt-4o,falcon-180b', options: options.join('; '), multi: 3 }, 'create');
    // The whole question is shown, word for word, though "📊 " + 256 characters exceeds a title.
    expect(words(created.text).join(' ')).toContain(words(question).join(' '));
    for (const option of options) expect(created.text).toContain(option);
    const poll = botMessageWith('poll:vote:');
    const pollId = JSON.stringify(poll.components).match(/poll:vote:([^:"]+):/)![1]!;

    for (const [user, index] of [
      [h.fake.users.alice, 0],
      [h.fake.users.bob, 1],
      [h.fake.users.carol, 9],
      [h.fake.users.admin, 3],
    ] as const) {
      const voted = await run(h.fake.button(`poll:vote:${pollId}:${index}`, poll, user));
      expect(privateReply(voted).ephemeral).toBe(true);
    }
    // A double click (the same button twice at once) counts once.
    const click = () => h.fake.button(`poll:vote:${pollId}:5`, poll, h.fake.users.bob);
    const [first, second] = await Promise.all([run(click()), run(click())]);
    expect([privateReply(first).content, privateReply(second).content].join('\n')).toMatch(/Counted/);
    expect((await h.services.polls.snapshot(pollId))!.tallies[5]).toMatchObject({ votes: 1, voters: [h.fake.users.bob.id] });
    await pollRefreshesIdle();

    // 25 more open polls with the longest questions: /poll list and the id autocomplete stay within limits.
    const ctx = { guildId: h.fake.world.guildId, channelId: h.fake.world.channelId, userId: h.fake.users.carol.id, isAdmin: false };
    const questions = Array.from({ length: 25 }, (_, i) => sentence(256, `poll${i}q`));
    for (const q of questions) await h.services.polls.create(ctx, { question: q, options: 'yes; no', anonymous: false, multi: 1 });
    const list = await slash('poll', {}, 'list');
    for (const q of questions) expect(list.text).toContain(q);
    const ids = await run(h.fake.autocomplete('poll', { id: '' }, 'id', h.fake.users.alice, { subcommand: 'close' }));
    expect(ids.ack.body.data.choices).toHaveLength(25);

    const results = await slash('poll', { id: pollId }, 'results');
    expect(privateReply(results).ephemeral || results.ack.body.data?.flags === MessageFlags.Ephemeral).toBe(true);
    const closed = await run(h.fake.button(`poll:close:${pollId}`, poll, h.fake.users.alice));
    expect(closed.text).toMatch(/Poll closed/);
    await pollRefreshesIdle();

    const late = privateReply(await run(h.fake.button(`poll:vote:${pollId}:2`, poll, h.fake.users.bob)));
    expect(late).toMatchObject({ ephemeral: true });
    expect(late.content).toMatch(/closed/);
    const unknown = privateReply(await run(h.fake.button('poll:vote:doesnotexist:0', poll, h.fake.users.bob)));
    expect(unknown).toMatchObject({ ephemeral: true });
    expect(unknown.content).toMatch(/can't find that poll/);
  });

  it('/compare models with 3 models, /compare topic, autocomplete', async () => {
    const table = await slash('compare', { a: 'llama-2-70b', b: 'gpt-4o', c: 'falcon-180b' }, 'models');
    expect(table.text).toMatch(/Llama 2 70B/i);
    const topic = await slash('compare', { aspect: 'cost' }, 'topic');
    expect(topic.text).toMatch(/Open vs closed/);
    const names = await run(h.fake.autocomplete('compare', { a: '' }, 'a', h.fake.users.alice, { subcommand: 'models' }));
    expect(names.ack.body.data.choices.length).toBeGreaterThan(5);
  });

  it('the arena with an 8,000-character answer: nothing cut off, every message fits, the vote answers privately', async () => {
    const match = await slash('compare', { question: 'Which model should we self-host?', a: 'local', b: `ollama:${OLLAMA_MODELS[0]}` }, 'answers');
    // The whole answer reaches the channel: the arena message, then "Answer B (continued)" below it.
    for (let i = 0; i < 90; i++) expect(match.text).toContain(`Sentence ${i}:`);
    expect(match.text).toContain('Answer B (continued)');
    const message = botMessageWith('arena:vote:');
    const matchId = JSON.stringify(message.components).match(/arena:vote:([^:"]+):/)![1]!;
    const vote = await run(h.fake.button(`arena:vote:${matchId}:b`, message, h.fake.users.bob));
    expect(privateReply(vote)).toMatchObject({ ephemeral: true });
    await arenaRefreshesIdle();
  });
});

describe('bad input gets a clear, polite, private reply', () => {
  const cases: Array<[string, () => Promise<Run>, RegExp]> = [
    ['a whitespace question', () => slash('ask', { question: '   ' }), /question/i],
    ['a 4,001-character question', () => slash('ask', { question: 'a'.repeat(4001) }), /too long|4,?000/i],
    ['an unknown model', () => slash('compare', { a: 'llama-2-70b', b: 'gpt-5-ultra' }, 'models'), /gpt-5-ultra/],
    ['a 6,000-character unknown model name', () => slash('compare', { a: 'llama-2-70b', b: `${'very-long-model-name-'.repeat(285)}x` }, 'models'), /don't know the model/],
    ['an unknown backend', () => slash('model', { backend: 'nope:thing' }, 'use'), /no backend called/i],
    ['a backend whose key is missing', () => slash('model', { backend: 'anthropic:claude-sonnet-4' }, 'use'), /ANTHROPIC_API_KEY/],
    ['a command Parley no longer has', () => slash('retired', {}), /no longer available/],
    ['a stale registration whose options changed', () => slash('compare', { first: 'llama-2-70b', second: 'gpt-4o' }, 'models'), /changed|reload/i],
    ['a stale registration without its subcommand', () => slash('poll', { question: 'Old style?' }), /changed|reload/i],
  ];
  for (const [what, send, expected] of cases) {
    it(what, async () => {
      const result = await send();
      expect(result.ackMs).toBeLessThan(3000);
      const reply = privateReply(result);
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toMatch(expected);
      expect(reply.content).not.toMatch(/error id/);
      expect(reply.content.length).toBeLessThanOrEqual(2000);
    });
  }
});

describe('Discord API errors are logged with context and never crash', () => {
  it('10062 unknown interaction on the acknowledgement', async () => {
    const ask = h.fake.slash('ask', { question: 'Is Llama 2 open source?' });
    h.fake.failNext(callbackOf(ask), { status: 404, code: 10062, message: 'Unknown interaction' });
    h.fake.interact(ask);
    await vi.waitFor(() => expect(h.logs.some((l) => l.interactionId === ask.id && l.discordCode === 10062 && l.command === 'ask')).toBe(true));
    expect(JSON.stringify(h.logs)).not.toContain(ask.token);
  });

  it('50013 missing permissions on the answer: logged with its code, the member is told privately', async () => {
    const ask = h.fake.slash('ask', { question: 'Can we fine-tune Mistral 7B commercially?' });
    h.fake.failNext(editOriginalOf(ask), { status: 403, code: 50013, message: 'Missing Permissions' });
    const result = await run(ask);
    const line = h.logs.find((l) => l.interactionId === ask.id && l.discordCode === 50013);
    expect(line).toMatchObject({ command: 'ask', userId: h.fake.users.alice.id, channelId: h.fake.world.channelId });
    expect(privateReply(result)).toMatchObject({ ephemeral: true, content: expect.stringMatching(/error id/) });
  });

  it('the error reply itself refused (50013 twice): logged with context, no interaction token in the log', async () => {
    const ask = h.fake.slash('ask', { question: 'Is Falcon 180B free for commercial hosting?' });
    h.fake.failNext(editOriginalOf(ask), { status: 403, code: 50013, message: 'Missing Permissions' });
    h.fake.failNext(followUpOf(ask), { status: 403, code: 50013, message: 'Missing Permissions' });
    h.fake.interact(ask);
    await vi.waitFor(() => expect(h.logs.some((l) => l.interactionId === ask.id && String(l.msg).includes('could not send the error reply'))).toBe(true));
    const line = h.logs.find((l) => l.interactionId === ask.id && String(l.msg).includes('could not send the error reply'))!;
    expect(line).toMatchObject({ discordCode: 50013, command: 'ask', channelId: h.fake.world.channelId });
  });

  it('429 on an acknowledgement: waited out, then acknowledged', async () => {
    const help = h.fake.slash('help', {});
    h.fake.failNext(callbackOf(help), { status: 429, retryAfter: 0.1 });
    const at = h.fake.interact(help);
    await vi.waitFor(() => expect(h.fake.requests.filter((r) => r.at >= at && callbackOf(help)(r))).toHaveLength(2));
    expect(h.fake.requests.filter((r) => callbackOf(help)(r)).at(-1)!.body.type).toBe(4);
    expect(h.logs.some((l) => String(l.msg).includes('rate limit') && String(l.route).includes('/interactions/'))).toBe(true);
  });

  it('50013 on a poll result announcement in the channel: logged, and the bot keeps serving', async () => {
    const ctx = { guildId: h.fake.world.guildId, channelId: h.fake.world.channelId, userId: h.fake.users.carol.id, isAdmin: false };
    const created = await h.services.polls.create(ctx, { question: 'Deadline poll', options: 'a; b', anonymous: false, multi: 1 });
    h.fake.failNext((r) => r.route === 'POST /channels/:channel/messages' && JSON.stringify(r.body).includes('Deadline poll'), { status: 403, code: 50013, message: 'Missing Permissions' });
    await h.services.polls.closeOverdue(Date.now() + 365 * 86_400_000);
    await vi.waitFor(() => expect(h.logs.some((l) => l.pollId === created.poll.id && String(l.msg).includes('announce'))).toBe(true), { timeout: 5_000 });
    const help = await slash('help', {});
    expect(help.text).toContain('/ask');
  });
});

describe('secrets never reach Discord or the logs', () => {
  it('a provider error that echoes its key, through /ask and /compare answers', async () => {
    const viaAsk = await slash('ask', { question: 'Is Llama 2 open source?', backend: 'vllm' });
    expect(viaAsk.text.length).toBeGreaterThan(20);
    const viaOpenAi = await slash('ask', { question: 'Is Llama 2 open source?', backend: 'openai:gpt-4o' });
    expect(viaOpenAi.text.length).toBeGreaterThan(20);
    const viaArena = await slash('compare', { question: 'Is Llama 2 open source?', a: 'local', b: 'vllm' }, 'answers');
    expect(privateReply(viaArena).ephemeral).toBe(true);
    const everything = JSON.stringify(h.fake.requests.map((r) => r.body)) + JSON.stringify(h.logs);
    expect(compat.requests.length).toBeGreaterThan(0);
    expect(everything).not.toContain(COMPAT_KEY);
    expect(everything).not.toContain(OPENAI_KEY);
  });
});

describe('over every request the bot made in this file', () => {
  it('nothing could ping anyone, nothing broke a Discord limit, no unknown route, no client error', () => {
    const sent = messageSendingRequests(h.fake.requests);
    expect(sent.length).toBeGreaterThan(60);
    for (const { request, body } of sent) {
      const mentions = body.allowed_mentions as { parse?: unknown[]; roles?: unknown[]; users?: unknown[]; replied_user?: boolean } | undefined;
      expect(mentions, `${request.method} ${request.path}`).toBeDefined();
      expect(mentions!.parse).toEqual([]);
      expect(mentions!.roles ?? []).toEqual([]);
      expect(mentions!.users ?? []).toEqual([]);
      // Only a reply (message_reference) may ping, and only the person it replies to.
      if (!body.message_reference) expect(mentions!.replied_user ?? false).toBe(false);
    }
    expect(h.fake.limitViolations.map((v) => `${v.request.method} ${v.request.path}: ${v.problems.join('; ')}`)).toEqual([]);
    expect(h.fake.unknownRoutes.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(h.clientErrors).toEqual([]);
    // Interaction tokens are credentials for 15 minutes: none reaches the log.
    const log = JSON.stringify(h.logs);
    const tokens = new Set(h.fake.requests.map((r) => r.path.match(/^\/(?:interactions\/\d+|webhooks\/\d+)\/([^/]+)/)?.[1]).filter((t): t is string => Boolean(t)));
    expect(tokens.size).toBeGreaterThan(20);
    expect([...tokens].filter((token) => log.includes(token))).toEqual([]);
    // Sanity: the sweep saw interaction replies, edits, follow-ups and channel edits.
    const kinds = new Set(sent.map(({ request }) => request.route));
    expect(kinds).toEqual(expect.objectContaining({}));
    expect([...kinds]).toEqual(expect.arrayContaining([CALLBACK_ROUTE, 'PATCH /webhooks/:app/:token/messages/:message', 'POST /webhooks/:app/:token', 'PATCH /channels/:channel/messages/:message']));
  });
});

