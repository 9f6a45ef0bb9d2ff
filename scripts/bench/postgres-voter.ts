/** A second process for scripts/bench/postgres.ts: votes for its members on a shared poll, over its own connection pool. */
import { PollService, SqlPollRepository } from '../../src/polls/index.js';
import { openStore } from '../../src/store/store.js';
import { IN_FLIGHT, castVotes, votePlan } from './votes.js';

const job = await new Promise<{ url: string; pollId: string; members: number[] }>((resolve) => process.once('message', resolve));
const store = await openStore({ databaseUrl: job.url, sqliteFile: ':memory:' });
const polls = new PollService({ repository: new SqlPollRepository(store) });
process.send!({ type: 'ready' });
await new Promise((resolve) => process.once('message', resolve));
const final = await castVotes(polls, job.pollId, votePlan(job.members), IN_FLIGHT);
process.send!({ type: 'done', final: [...final] });
await store.close();
process.disconnect();
