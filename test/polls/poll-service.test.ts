import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestContext } from '../../src/core/types.js';
import { PollScheduler, PollService, SqlPollRepository } from '../../src/polls/index.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES, type StorePlace } from '../support/engines.js';
import { fakeCatalog } from './fake-catalog.js';

const ctx = (userId: string, extra: Partial<RequestContext> = {}): RequestContext => ({ guildId: 'g1', channelId: 'c1', userId, isAdmin: false, ...extra });

describe.each(ENGINES.filter((engine) => engine.available))('PollService on $name', (engine) => {
  let place: StorePlace;
  let store: Store;
  let clock: number;
  const open = async () => {
    store = await place.open();
    return new PollService({ repository: new SqlPollRepository(store), catalog: fakeCatalog, now: () => clock, titleOf: (doc) => `Title of ${doc}` });
  };

  beforeEach(async () => {
    place = await engine.place();
    clock = Date.UTC(2026, 0, 1);
  });
  afterEach(async () => {
    await place.dispose();
  });

  it('counts one vote per member and lets a member change it', async () => {
    const polls = await open();
    const { poll } = await polls.create(ctx('alice'), { question: 'Which model?', options: 'Llama; GPT; Mistral' });
    expect((await polls.vote(ctx('bob'), poll.id, 0)).change).toBe('added');
    await polls.vote(ctx('carol'), poll.id, 0);
    await polls.vote(ctx('bob'), poll.id, 0); // double click
    const changed = await polls.vote(ctx('bob'), poll.id, 2);
    expect(changed).toMatchObject({ change: 'replaced', choices: [2] });

    const results = await polls.results(ctx('dave'), poll.id);
    expect(results.tallies.map((t) => t.votes)).toEqual([1, 0, 1]);
    expect(results.turnout).toBe(2);
    expect(results.leaders).toEqual([0, 2]);
    expect(results.tallies[0]!.voters).toEqual(['carol']);
  });

  it('multi-select: up to the limit, toggling off, and an explanation past the limit', async () => {
    const polls = await open();
    const { poll } = await polls.create(ctx('alice'), { question: 'Which ones?', options: 'a; b; c; d', multi: 2 });
    await polls.vote(ctx('bob'), poll.id, 0);
    expect((await polls.vote(ctx('bob'), poll.id, 3)).choices).toEqual([0, 3]);
    await expect(polls.vote(ctx('bob'), poll.id, 1)).rejects.toThrow(/at most 2 options.*“a”, “d”/);
    clock += 5_000;
    expect(await polls.vote(ctx('bob'), poll.id, 0)).toMatchObject({ change: 'removed', choices: [3] });
    expect((await polls.vote(ctx('bob'), poll.id, 1)).choices).toEqual([1, 3]);
    const results = await polls.results(ctx('bob'), poll.id);
    expect(results.tallies.map((t) => t.votes)).toEqual([0, 1, 0, 1]);
    expect(results.turnout).toBe(1);
    expect(results.totalVotes).toBe(2);
  });

  it('anonymous polls never expose who voted, not even in the database', async () => {
    const polls = await open();
    const { poll } = await polls.create(ctx('alice'), { question: 'Secret?', options: 'yes; no', anonymous: true });
    await polls.vote(ctx('bob-123'), poll.id, 0);
    await polls.vote(ctx('carol-456'), poll.id, 1);
    await polls.vote(ctx('bob-123'), poll.id, 1); // still one vote per member
    const results = await polls.results(ctx('alice', { isAdmin: true }), poll.id);
    expect(results.tallies.map((t) => t.votes)).toEqual([0, 2]);
    expect(results.tallies.every((t) => t.voters.length === 0)).toBe(true);
    expect(JSON.stringify(results)).not.toMatch(/bob-123|carol-456/);
    const closed = await polls.close(ctx('alice'), poll.id);
    expect(JSON.stringify(closed)).not.toMatch(/bob-123|carol-456/);
    const stored = (await store.db.selectFrom('poll_votes').select('voter').where('poll_id', '=', poll.id).execute()).map((row) => row.voter);
    expect(stored).toHaveLength(2);
    expect(stored.join()).not.toMatch(/bob|carol/);
  });

  it('keeps every one of many concurrent votes exactly once', async () => {
    const polls = await open();
    const { poll } = await polls.create(ctx('alice'), { question: 'Busy?', options: 'a; b; c' });
    const clicks = Array.from({ length: 300 }, (_, i) => polls.vote(ctx(`user${i % 150}`), poll.id, i % 3));
    await Promise.all(clicks);
    const results = await polls.results(ctx('alice'), poll.id);
    // user k clicks option k%3 then (k+150)%3 = k%3: each of the 150 users ends up with one vote.
    expect(results.turnout).toBe(150);
    expect(results.tallies.map((t) => t.votes)).toEqual([50, 50, 50]);
  });

  // SQLite is one process's store: two processes only on PostgreSQL.
  if (engine.shared) it('two processes on one store: concurrent clicks through both stay one vote per member, and the deadline closes once', async () => {
    const first = await open();
    const second = await open();
    const { poll } = await first.create(ctx('alice'), { question: 'Shared?', options: 'a; b; c; d', duration: '1m' });
    // 100 members click twice, once through each process at the same moment; the second click is what stays.
    const clicks = Array.from({ length: 100 }, (_, i) => [
      first.vote(ctx(`member${i}`), poll.id, i % 4),
      second.vote(ctx(`member${i}`), poll.id, (i + 1) % 4),
    ]).flat();
    for (const outcome of await Promise.all(clicks)) expect(outcome.choices).toHaveLength(1);
    const stored = await second.results(ctx('alice'), poll.id);
    expect(stored.turnout).toBe(100);
    expect(stored.totalVotes).toBe(100);
    // Whichever click committed last is the member's vote: one row per member, none lost or doubled.
    const votes = await new SqlPollRepository(store).votes(poll.id);
    expect(votes).toHaveLength(100);
    expect(new Set(votes.map((v) => v.voter)).size).toBe(100);

    clock += 61_000;
    const announced: string[] = [];
    first.onClosed(() => void announced.push('first'));
    second.onClosed(() => void announced.push('second'));
    const [a, b] = await Promise.all([first.closeOverdue(), second.closeOverdue()]);
    expect(a.length + b.length).toBe(1);
    expect(announced).toHaveLength(1);
    expect((await first.results(ctx('bob'), poll.id)).closed).toBe(true);
  });

  it('only the creator or an admin can close; votes after closing are explained', async () => {
    const polls = await open();
    const { poll } = await polls.create(ctx('alice'), { question: 'Close me?', options: 'a; b' });
    await polls.vote(ctx('bob'), poll.id, 1);
    await expect(polls.close(ctx('bob'), poll.id)).rejects.toThrow(/Only the person who created this poll/);
    const closed = await polls.close(ctx('mod', { isAdmin: true }), poll.id);
    expect(closed.closedNow).toBe(true);
    expect(closed.results.closed).toBe(true);
    expect(closed.results.leaders).toEqual([1]);
    expect((await polls.close(ctx('alice'), poll.id)).closedNow).toBe(false);
    await expect(polls.vote(ctx('carol'), poll.id, 0)).rejects.toThrow(/closed/);
    await expect(polls.vote(ctx('carol'), 'nope', 0)).rejects.toThrow(/can't find that poll/);
    const other = await polls.create(ctx('alice'), { question: 'Still open?', options: 'a; b' });
    await expect(polls.vote(ctx('carol', { guildId: 'g2' }), other.poll.id, 0)).rejects.toThrow(/can't find that poll/);
    await expect(polls.results(ctx('bob', { guildId: 'other' }), poll.id)).rejects.toThrow(/can't find a poll/);
  });

  it('lists only the open polls of this server', async () => {
    const polls = await open();
    const a = await polls.create(ctx('alice'), { question: 'A?', options: 'x; y' });
    const b = await polls.create(ctx('alice'), { question: 'B?', options: 'x; y', duration: '1h' });
    await polls.create(ctx('alice', { guildId: 'g2' }), { question: 'Elsewhere?', options: 'x; y' });
    await polls.close(ctx('alice'), a.poll.id);
    expect((await polls.list(ctx('bob'))).map((r) => r.poll.question)).toEqual([b.poll.question]);
  });

  it('model polls end with a decision summary citing the winner’s catalog facts', async () => {
    const polls = await open();
    const { poll } = await polls.create(ctx('alice'), { question: 'Support bot model?', models: 'llama-2-70b,gpt-4o' });
    await polls.vote(ctx('bob'), poll.id, 1);
    const { results } = await polls.close(ctx('alice'), poll.id);
    expect(results.decision).toMatchObject({ modelId: 'gpt-4o', access: 'closed' });
    const labels = results.decision!.lines.map((l) => l.label);
    expect(labels).toEqual(['License', 'Commercial use', 'User cap', 'Price']);
    expect(results.decision!.lines.find((l) => l.label === 'Price')!.text).toMatch(/\$2\.50 in \/ \$10 out/);
    for (const line of results.decision!.lines) expect(results.decision!.sources.map((s) => s.n)).toContain(line.cite);
    expect(results.decision!.sources[0]).toMatchObject({ title: 'Title of licenses/openai.md', url: 'https://openai.com/policies/terms-of-use' });
  });

  it('survives a restart: tallies intact, overdue polls close on start, timers re-armed', async () => {
    let polls = await open();
    const soon = await polls.create(ctx('alice'), { question: 'Soon?', options: 'a; b', duration: '1m' });
    const later = await polls.create(ctx('alice'), { question: 'Later?', options: 'a; b', duration: '2h' });
    await polls.vote(ctx('bob'), soon.poll.id, 0);
    await polls.vote(ctx('carol'), later.poll.id, 1);
    await store.close();

    clock += 5 * 60_000; // down for five minutes: "soon" passed its deadline meanwhile
    polls = await open();
    await expect(polls.vote(ctx('dave'), soon.poll.id, 1)).rejects.toThrow(/deadline has passed/);
    const announced: string[] = [];
    polls.onClosed(({ results }) => void announced.push(results.poll.id));
    const scheduler = new PollScheduler(polls);
    await scheduler.start();
    expect(announced).toEqual([soon.poll.id]);
    expect(scheduler.pending).toBe(1);
    const soonResults = await polls.results(ctx('bob'), soon.poll.id);
    expect(soonResults).toMatchObject({ closed: true, turnout: 1 });
    expect(soonResults.poll.closedAt).toBe(soon.poll.closesAt);
    expect((await polls.results(ctx('bob'), later.poll.id)).tallies.map((t) => t.votes)).toEqual([0, 1]);
    scheduler.stop();
    expect(scheduler.pending).toBe(0);
  });

  it('the scheduler closes a poll when its deadline arrives', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      store = await place.open();
      const polls = new PollService({ repository: new SqlPollRepository(store), catalog: fakeCatalog });
      const scheduler = new PollScheduler(polls);
      await scheduler.start();
      const closed: string[] = [];
      polls.onClosed(({ results }) => void closed.push(results.poll.id));
      const { poll } = await polls.create(ctx('alice'), { question: 'Quick?', options: 'a; b', duration: '1m' });
      await polls.vote(ctx('bob'), poll.id, 1);
      expect(scheduler.pending).toBe(1);
      await vi.advanceTimersByTimeAsync(59_000);
      expect(closed).toEqual([]);
      await vi.advanceTimersByTimeAsync(1_000);
      // The timer fired; closing is a round trip to the database (real I/O, not a fake timer).
      await vi.waitFor(() => expect(closed).toEqual([poll.id]));
      expect(scheduler.pending).toBe(0);
      expect((await polls.results(ctx('bob'), poll.id)).leaders).toEqual([1]);
      scheduler.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
