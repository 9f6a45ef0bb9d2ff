import { describe, expect, it } from 'vitest';
import { Coalescer } from '../../src/discord/coalesce.js';

describe('Coalescer', () => {
  it('turns a burst into one immediate run and one trailing run with the latest state', async () => {
    const runs: Array<{ at: number; seen: number }> = [];
    let state = 0;
    const c = new Coalescer(200);
    const start = Date.now();
    for (let i = 0; i < 50; i++) {
      state = i + 1;
      c.request('poll1', async () => void runs.push({ at: Date.now() - start, seen: state }));
      await new Promise((r) => setTimeout(r, 5));
    }
    await c.idle();
    // ~250 ms of requests at most one run per 200 ms: the first at once, then at most 2 more.
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.length).toBeLessThanOrEqual(3);
    expect(runs[0]!.at).toBeLessThan(50);
    expect(runs.at(-1)!.seen).toBe(50);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.at - runs[i - 1]!.at).toBeGreaterThanOrEqual(195);
    c.stop();
  });

  it('never overlaps runs of one key and keeps keys independent', async () => {
    let running = 0;
    let maxRunning = 0;
    const seen: string[] = [];
    const c = new Coalescer(10);
    const slow = (key: string) => async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 30));
      seen.push(key);
      running -= 1;
    };
    c.request('a', slow('a'));
    c.request('a', slow('a'));
    c.request('b', slow('b'));
    await c.idle();
    expect(seen.filter((k) => k === 'a')).toHaveLength(2); // the first at once, one trailing run for the second request
    expect(seen).toContain('b');
    expect(maxRunning).toBe(2); // a and b in parallel, never two a's
    c.stop();
  });
});
