import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import type { RequestContext } from '../../src/core/types.js';
import { ArenaService, SqlArenaRepository, bradleyTerry, type ArenaBackends } from '../../src/arena/index.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES, type StorePlace } from '../support/engines.js';

const ctx = (userId: string, extra: Partial<RequestContext> = {}): RequestContext => ({ guildId: 'g1', channelId: 'c1', userId, isAdmin: false, ...extra });

describe('Bradley–Terry ratings', () => {
  it('ranks by results, symmetric around the reference, finite for the unbeaten', () => {
    const r = bradleyTerry([
      { a: 'x', b: 'y', scoreA: 1 },
      { a: 'x', b: 'y', scoreA: 1 },
      { a: 'y', b: 'x', scoreA: 0 },
    ]);
    expect(r.get('x')!).toBeGreaterThan(1000);
    expect(r.get('y')!).toBeLessThan(1000);
    expect(r.get('x')! - 1000).toBeCloseTo(1000 - r.get('y')!, 6);
    expect(Number.isFinite(r.get('x')!)).toBe(true);
  });

  it('treats ties as half a win and orders a transitive chain', () => {
    expect(bradleyTerry([{ a: 'x', b: 'y', scoreA: 0.5 }]).get('x')).toBeCloseTo(1000, 6);
    const chain = bradleyTerry([
      ...Array(4).fill({ a: 'p', b: 'q', scoreA: 1 }),
      ...Array(4).fill({ a: 'q', b: 'r', scoreA: 1 }),
    ]);
    expect(chain.get('p')!).toBeGreaterThan(chain.get('q')!);
    expect(chain.get('q')!).toBeGreaterThan(chain.get('r')!);
  });

  it('matches the closed form for two players (strength ratio = win ratio with the prior)', () => {
    // 3 wins to 1 loss: the MM fixed point satisfies the likelihood equations; check it against a direct solve.
    const r = bradleyTerry([...Array(3).fill({ a: 'x', b: 'y', scoreA: 1 }), { a: 'x', b: 'y', scoreA: 0 }]);
    const px = 10 ** ((r.get('x')! - 1000) / 400);
    const py = 10 ** ((r.get('y')! - 1000) / 400);
    // Likelihood equation for x: wins_x (3 + 0.5 prior) = 4·px/(px+py) + px/(px+1)
    expect(4 * (px / (px + py)) + px / (px + 1)).toBeCloseTo(3.5, 6);
    expect(4 * (py / (px + py)) + py / (py + 1)).toBeCloseTo(1.5, 6);
  });
});

describe.each(ENGINES.filter((engine) => engine.available))('ArenaService on $name', (engine) => {
  let place: StorePlace;
  let store: Store;
  let calls: Array<{ backend: string; chunkIds: string[] }>;
  let prepared: Array<{ guildId: string | null; question: string }>;
  const backends: ArenaBackends = {
    resolve: (name) => {
      const n = name.trim().toLowerCase().replace('/', ':');
      if (!['local', 'ollama:llama2', 'openai:gpt-4o'].includes(n)) throw new UserError(`There is no backend called "${name}".`);
      return n;
    },
    assertAllowed: (c, backend) => {
      if (c.channelId === 'open-only' && backend.startsWith('openai')) throw new UserError(`${backend} is closed; this channel is open-only.`);
    },
    prepare: async (c, question) => {
      prepared.push({ guildId: c.guildId, question });
      if (question.includes('CUDA')) return { declined: "The knowledge base doesn't cover this question, so I won't guess.", chunks: [] };
      return { chunks: [{ id: `k-${c.guildId}`, text: 't', title: 'T', section: 'S', path: 'p.md', url: null, score: 1 }] };
    },
    answer: async (_c, backend, question) => {
      calls.push({ backend, chunkIds: question.chunks.map((c) => c.id) });
      return { answer: `${backend} says hi [1]`, sources: [], latencyMs: 5 };
    },
  };
  const open = async (coin = false) => {
    store = await place.open();
    return new ArenaService({ repository: new SqlArenaRepository(store), backends, revealAfterVotes: 2, coinFlip: () => coin });
  };

  beforeEach(async () => {
    place = await engine.place();
    calls = [];
    prepared = [];
  });
  afterEach(async () => {
    await place.dispose();
  });

  it("retrieves once, from the asking server's knowledge, and sends the same context to both backends", async () => {
    const arena = await open();
    const { match, revealed } = await arena.start(ctx('u1', { guildId: 'g2' }), { question: 'Which is cheaper?', a: 'ollama/llama2', b: 'openai:gpt-4o' });
    expect(prepared).toEqual([{ guildId: 'g2', question: 'Which is cheaper?' }]);
    expect(calls[0]!.chunkIds).toEqual(['k-g2']);
    expect(calls.map((c) => c.backend).sort()).toEqual(['ollama:llama2', 'openai:gpt-4o']);
    expect(calls[0]!.chunkIds).toEqual(calls[1]!.chunkIds);
    expect(match.a.backend).toBe('ollama:llama2');
    expect(match.a.answer).toBe('ollama:llama2 says hi [1]');
    expect(revealed).toBe(true);
  });

  it('declines a question the knowledge base does not cover without calling either backend, and saves no match', async () => {
    const arena = await open();
    await expect(arena.start(ctx('u1'), { question: 'How do I fix CUDA out of memory?', a: 'local', b: 'openai:gpt-4o' })).rejects.toThrow(
      "The knowledge base doesn't cover this question, so I won't guess. Neither backend was asked.",
    );
    expect(calls).toEqual([]);
    expect(await arena.leaderboard(ctx('u1'))).toEqual([]);
  });

  it('respects the channel policy and refuses the same backend twice', async () => {
    const arena = await open();
    await expect(arena.start(ctx('u1', { channelId: 'open-only' }), { question: 'q?', a: 'local', b: 'openai:gpt-4o' })).rejects.toThrow(/open-only/);
    await expect(arena.start(ctx('u1'), { question: 'q?', a: 'local', b: 'LOCAL' })).rejects.toThrow(/two different/);
    await expect(arena.start(ctx('u1'), { question: 'q?', a: 'local', b: 'nope' })).rejects.toThrow(/no backend called "nope"/);
    expect(calls).toEqual([]);
  });

  it('blind: shuffles the sides and reveals publicly only after enough votes; a vote is final (the voter has seen the names)', async () => {
    const arena = await open(true);
    const { match, revealed } = await arena.start(ctx('u1'), { question: 'q?', a: 'local', b: 'ollama:llama2', blind: true });
    expect(revealed).toBe(false);
    expect([match.a.backend, match.b.backend]).toEqual(['ollama:llama2', 'local']);
    const first = await arena.vote(ctx('u1'), match.id, 'a');
    expect(first).toMatchObject({ previous: null, revealed: false, tally: { a: 1, total: 1 } });
    expect(first.locked).toBe(false);
    const again = await arena.vote(ctx('u1'), match.id, 'tie');
    expect(again).toMatchObject({ outcome: 'a', locked: true, revealed: false, tally: { a: 1, tie: 0, total: 1 } });
    const second = await arena.vote(ctx('u2'), match.id, 'b');
    expect(second.revealed).toBe(true);
    await expect(arena.vote(ctx('u3'), match.id, 'maybe')).rejects.toThrow(UserError);
    await expect(arena.vote(ctx('u3', { guildId: 'g2' }), match.id, 'a')).rejects.toThrow(/can't find/);
  });

  it('blind: a voter clicking two other choices at once still keeps the first vote, and no change is ever counted', async () => {
    const arena = await open();
    const { match } = await arena.start(ctx('u1'), { question: 'q?', a: 'local', b: 'ollama:llama2', blind: true });
    await arena.vote(ctx('u1'), match.id, 'a');
    const receipts = await Promise.all(['b', 'tie', 'bad', 'b', 'tie'].map((outcome) => arena.vote(ctx('u1'), match.id, outcome)));
    for (const receipt of receipts) expect(receipt).toMatchObject({ outcome: 'a', locked: true, tally: { a: 1, b: 0, tie: 0, bad: 0, total: 1 } });
    expect((await arena.view(match.id))?.tally).toMatchObject({ a: 1, total: 1 });
  });

  it('builds a per-server leaderboard that survives a restart', async () => {
    let arena = await open();
    const m1 = await arena.start(ctx('u1'), { question: 'q1?', a: 'ollama:llama2', b: 'local' });
    const m2 = await arena.start(ctx('u1'), { question: 'q2?', a: 'local', b: 'openai:gpt-4o' });
    await arena.start(ctx('u1', { guildId: 'g2' }), { question: 'elsewhere?', a: 'local', b: 'openai:gpt-4o' });
    await arena.vote(ctx('u1'), m1.match.id, 'a');
    await arena.vote(ctx('u2'), m1.match.id, 'a');
    await arena.vote(ctx('u3'), m1.match.id, 'bad');
    await arena.vote(ctx('u1'), m2.match.id, 'b');
    const m3 = await arena.start(ctx('u1'), { question: 'q3?', a: 'openai:gpt-4o', b: 'ollama:llama2' });
    await arena.vote(ctx('u2'), m3.match.id, 'b');
    await store.close();
    arena = await open();
    const board = await arena.leaderboard(ctx('u9'));
    expect(board.map((e) => e.backend)).toEqual(['ollama:llama2', 'openai:gpt-4o', 'local']);
    expect(board.find((e) => e.backend === 'local')).toMatchObject({ wins: 0, losses: 3, ties: 1, votes: 4 });
    expect(board.find((e) => e.backend === 'ollama:llama2')).toMatchObject({ wins: 3, losses: 0, ties: 1, votes: 4 });
    expect(await arena.leaderboard(ctx('u9', { guildId: 'g3' }))).toEqual([]);
  });

  // SQLite is one process's store: two processes only on PostgreSQL.
  if (engine.shared) it('two processes: concurrent votes stay one per member and the ratings count each once', async () => {
    const first = await open();
    const second = await open();
    const { match } = await first.start(ctx('u1'), { question: 'q?', a: 'ollama:llama2', b: 'local' });
    // 40 members each click "a" through one process and "b" through the other at the same moment.
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => [first.vote(ctx(`m${i}`), match.id, 'a'), second.vote(ctx(`m${i}`), match.id, 'b')]).flat());
    for (let i = 0; i < 40; i++) {
      const [x, y] = [results[2 * i]!, results[2 * i + 1]!];
      expect([x.previous, y.previous].filter((previous) => previous === null)).toHaveLength(1);
    }
    const tally = (await second.vote(ctx('m0'), match.id, 'a')).tally;
    expect(tally.total).toBe(40);
    const board = await first.leaderboard(ctx('u9'));
    expect(board.find((e) => e.backend === 'local')!.votes).toBe(40);
  });
});
