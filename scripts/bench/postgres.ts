/**
 * PostgreSQL section of `npm run bench`: the service vote bench of votes.ts (4,000 members vote,
 * 50 clicks in flight, then everyone changes their vote; exact tallies) on a real PostgreSQL
 * server started for the run with its durable defaults (every commit flushed), first from one
 * process, then from two processes voting on the same poll at once (half the members each).
 * Skipped, saying why, when the PostgreSQL server binaries are not installed.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PollService, SqlPollRepository } from '../../src/polls/index.js';
import { openStore } from '../../src/store/store.js';
import { findPostgresBinaries, startPostgres } from '../../test/support/postgres.js';
import { runSectionIfMain, type BenchFigure } from './run-section.js';
import { BENCH_OPTIONS, MEMBERS, benchVoter, lostVotes, timedVotes } from './votes.js';

const PROCESSES = 2;

export async function run(): Promise<BenchFigure[]> {
  const found = findPostgresBinaries();
  if (found.dir === null) {
    process.stdout.write(`votes postgres: skipped, ${found.reason}\n`);
    return [];
  }
  const server = await startPostgres({ durable: true });
  try {
    const store = await openStore({ databaseUrl: server.url, sqliteFile: ':memory:' });
    try {
      const polls = new PollService({ repository: new SqlPollRepository(store) });
      const one = await timedVotes(polls);
      const two = await twoProcesses(polls, server.url);
      return [
        { name: 'votes service+postgres (1 process): votes_per_second', value: Math.round(one.perSecond), unit: 'votes/s' },
        { name: 'votes service+postgres (1 process): votes_lost', value: one.lost, unit: 'votes' },
        { name: `votes service+postgres (${PROCESSES} processes, one poll): votes_per_second`, value: Math.round(two.perSecond), unit: 'votes/s' },
        { name: `votes service+postgres (${PROCESSES} processes): votes_lost`, value: two.lost, unit: 'votes' },
      ];
    } finally {
      await store.close();
    }
  } finally {
    await server.stop();
  }
}

interface WorkerMessage {
  type: 'ready' | 'done';
  final?: Array<[string, number]>;
}

/** Each worker opens its own pool, votes for its half of the members when told to go, and reports their last choices. */
async function twoProcesses(polls: PollService, url: string): Promise<{ perSecond: number; lost: number }> {
  const { poll } = await polls.create(benchVoter('creator'), { question: 'Bench, two processes?', options: BENCH_OPTIONS });
  const workers = Array.from({ length: PROCESSES }, (_, k) => {
    const members = Array.from({ length: MEMBERS }, (_, i) => i).filter((i) => i % PROCESSES === k);
    const child = fork(path.join(import.meta.dirname, 'postgres-voter.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.send({ url, pollId: poll.id, members });
    return child;
  });
  const next = (child: (typeof workers)[number], type: WorkerMessage['type']) =>
    new Promise<WorkerMessage>((resolve, reject) => {
      child.once('message', (message: WorkerMessage) => (message.type === type ? resolve(message) : reject(new Error(`worker sent ${message.type}`))));
      child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });
  await Promise.all(workers.map((child) => next(child, 'ready')));
  const started = performance.now();
  const done = workers.map((child) => next(child, 'done'));
  for (const child of workers) child.send('go');
  const reports = await Promise.all(done);
  const seconds = (performance.now() - started) / 1000;
  const final = new Map(reports.flatMap((report) => report.final ?? []));
  return { perSecond: (MEMBERS * 2) / seconds, lost: await lostVotes(polls, poll.id, final) };
}

await runSectionIfMain(import.meta.url, 'postgres', run);
