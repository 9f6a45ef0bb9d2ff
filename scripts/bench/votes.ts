/**
 * Votes section of `npm run bench`: sustained poll votes per second with zero loss.
 * 1) Service + SQLite (WAL file, as in production): 4,000 members vote, 50 clicks in flight at a
 *    time, then every member changes their vote; the stored tallies must match exactly.
 * 2) Through the fake Discord gateway with the real discord.js client: 500 button clicks from
 *    500 members in bursts of 100; every click must be acknowledged and counted.
 * votes_lost = votes expected − votes counted (must be 0).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RequestContext } from '../../src/core/types.js';
import { PollService, SqlitePollRepository } from '../../src/polls/index.js';
import { openDatabase } from '../../src/store/database.js';
import { pollRefreshesIdle } from '../../src/discord/components/poll.js';
import { callbackOf, editOriginalOf, startBot, type FakeUser } from '../../test/e2e/fake-discord/index.js';
import { percentile, runSectionIfMain, type BenchFigure } from './run-section.js';

export const MEMBERS = 4_000;
export const IN_FLIGHT = 50;
const OPTIONS = 10;
const GATEWAY_VOTES = 500;
const GATEWAY_BURST = 100;

export async function run(): Promise<BenchFigure[]> {
  const service = await serviceBench();
  const gateway = await gatewayBench();
  return [
    { name: 'votes service+sqlite: votes_per_second', value: Math.round(service.perSecond), unit: 'votes/s' },
    { name: 'votes service+sqlite: votes_lost', value: service.lost, unit: 'votes' },
    { name: `votes fake gateway (bursts of ${GATEWAY_BURST}): votes_per_second`, value: Math.round(gateway.perSecond), unit: 'votes/s' },
    { name: 'votes fake gateway: votes_lost', value: gateway.lost, unit: 'votes' },
    { name: 'votes fake gateway: ACK p99', value: Math.round(gateway.ackP99), unit: 'ms' },
  ];
}

async function serviceBench(): Promise<{ perSecond: number; lost: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-votes-'));
  const db = openDatabase(path.join(dir, 'parley.sqlite'));
  try {
    return await timedVotes(new PollService({ repository: new SqlitePollRepository(db) }));
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** MEMBERS vote and change their vote on a new poll, IN_FLIGHT clicks at a time: votes per second and votes lost. */
export async function timedVotes(polls: PollService): Promise<{ perSecond: number; lost: number }> {
  const { poll } = await polls.create(benchVoter('creator'), { question: 'Bench?', options: BENCH_OPTIONS });
  const clicks = votePlan(Array.from({ length: MEMBERS }, (_, i) => i));
  const started = performance.now();
  const final = await castVotes(polls, poll.id, clicks, IN_FLIGHT);
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: clicks.length / seconds, lost: await lostVotes(polls, poll.id, final) };
}

export const BENCH_OPTIONS = Array.from({ length: OPTIONS }, (_, i) => `option ${i}`).join(';');
export const benchVoter = (userId: string): RequestContext => ({ guildId: 'bench', channelId: 'c', userId, isAdmin: false });

export interface Click {
  user: string;
  option: number;
}

/** Every member votes, then every member changes their vote. */
export function votePlan(members: readonly number[]): Click[] {
  return [...members.map((i) => ({ user: `u${i}`, option: i % OPTIONS })), ...members.map((i) => ({ user: `u${i}`, option: (i * 7 + 3) % OPTIONS }))];
}

/** Casts the clicks `inFlight` at a time; returns each member's last choice. */
export async function castVotes(polls: PollService, pollId: string, clicks: readonly Click[], inFlight: number): Promise<Map<string, number>> {
  const final = new Map<string, number>();
  for (let i = 0; i < clicks.length; i += inFlight) {
    const batch = clicks.slice(i, i + inFlight);
    await Promise.all(batch.map((c) => polls.vote(benchVoter(c.user), pollId, c.option)));
    for (const c of batch) final.set(c.user, c.option);
  }
  return final;
}

/** Expected tallies (from each member's last choice) minus the stored ones, in absolute votes. */
export async function lostVotes(polls: PollService, pollId: string, final: ReadonlyMap<string, number>): Promise<number> {
  const expected = new Array<number>(OPTIONS).fill(0);
  for (const option of final.values()) expected[option]! += 1;
  const results = await polls.results(benchVoter('creator'), pollId);
  return expected.reduce((sum, n, i) => sum + Math.abs(n - results.tallies[i]!.votes), 0);
}

async function gatewayBench(): Promise<{ perSecond: number; lost: number; ackP99: number }> {
  const h = await startBot({ env: { PARLEY_LOG_LEVEL: 'error' } });
  try {
    const create = h.fake.slash('poll', { question: 'Gateway bench?', options: 'a; b; c; d; e' }, h.fake.users.alice, { subcommand: 'create' });
    const at = h.fake.interact(create);
    const edit = await h.fake.waitFor(editOriginalOf(create), { since: at, timeout: 10_000 });
    const closeId = (edit.body.components as Array<{ components: Array<{ custom_id: string }> }>).flatMap((r) => r.components).find((c) => c.custom_id.startsWith('poll:close:'))!.custom_id;
    const pollId = closeId.split(':')[2]!;
    const message = [...h.fake.messages.values()].find((m) => JSON.stringify(m.components).includes(closeId))!;
    const member = (i: number): FakeUser => ({ ...h.fake.users.bob, id: (BigInt(h.fake.users.bob.id) + BigInt(10_000 + i)).toString(), username: `voter${i}` });

    // Warm-up (JIT, connection pool) on another poll, as the /ask bench does.
    const warm = h.fake.slash('poll', { question: 'Warm-up?', options: 'a; b' }, h.fake.users.alice, { subcommand: 'create' });
    const warmEdit = await h.fake.waitFor(editOriginalOf(warm), { since: h.fake.interact(warm), timeout: 10_000 });
    const warmClose = (warmEdit.body.components as Array<{ components: Array<{ custom_id: string }> }>).flatMap((r) => r.components).find((c) => c.custom_id.startsWith('poll:close:'))!.custom_id;
    const warmMessage = [...h.fake.messages.values()].find((m) => JSON.stringify(m.components).includes(warmClose))!;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const click = h.fake.button(`poll:vote:${warmClose.split(':')[2]}:${i % 2}`, warmMessage, member(GATEWAY_VOTES + i));
        return h.fake.waitFor(callbackOf(click), { since: h.fake.interact(click), timeout: 10_000 });
      }),
    );

    const acks: number[] = [];
    let acknowledged = 0;
    const started = performance.now();
    for (let start = 0; start < GATEWAY_VOTES; start += GATEWAY_BURST) {
      const sent = Array.from({ length: Math.min(GATEWAY_BURST, GATEWAY_VOTES - start) }, (_, k) => {
        const i = start + k;
        const interaction = h.fake.button(`poll:vote:${pollId}:${i % 5}`, message, member(i));
        return { interaction, at: h.fake.interact(interaction) };
      });
      const callbacks = await Promise.all(sent.map(({ interaction, at: since }) => h.fake.waitFor(callbackOf(interaction), { since, timeout: 10_000 })));
      callbacks.forEach((callback, k) => {
        acks.push(callback.at - sent[k]!.at);
        if (callback.body?.type === 4 && /Counted/.test(callback.body.data?.content ?? '')) acknowledged += 1;
      });
    }
    const seconds = (performance.now() - started) / 1000;
    await pollRefreshesIdle();
    const results = await h.services.polls.results({ guildId: h.fake.world.guildId, channelId: h.fake.world.channelId, userId: h.fake.users.alice.id, isAdmin: false }, pollId);
    const lost = GATEWAY_VOTES - results.totalVotes + (GATEWAY_VOTES - acknowledged);
    return { perSecond: GATEWAY_VOTES / seconds, lost, ackP99: percentile(acks, 99) };
  } finally {
    await h.stop();
  }
}

await runSectionIfMain(import.meta.url, 'votes', run);
