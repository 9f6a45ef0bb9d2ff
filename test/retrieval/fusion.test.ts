import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from '../../src/retrieval/fusion.js';

describe('reciprocalRankFusion', () => {
  it('sums weight / (k + rank) over the lists and normalises by the best possible score', () => {
    const fused = reciprocalRankFusion([{ items: ['a', 'b', 'c'] }, { items: ['b', 'c', 'd'] }], 10);
    const raw = (ranks: number[]) => ranks.reduce((sum, r) => sum + 1 / (10 + r), 0);
    const max = 2 / 11;
    const byItem = Object.fromEntries(fused.map((f) => [f.item, f.score]));
    expect(byItem.b).toBeCloseTo(raw([2, 1]) / max, 10);
    expect(byItem.c).toBeCloseTo(raw([3, 2]) / max, 10);
    expect(byItem.a).toBeCloseTo(raw([1]) / max, 10);
    expect(byItem.d).toBeCloseTo(raw([3]) / max, 10);
    expect(fused.map((f) => f.item)).toEqual(['b', 'c', 'a', 'd']);
    expect(fused.find((f) => f.item === 'b')!.ranks).toEqual([2, 1]);
  });

  it('gives 1 to an item first in every list and keeps every score in [0, 1]', () => {
    const fused = reciprocalRankFusion([{ items: ['x', 'y'] }, { items: ['x'] }], 60);
    expect(fused[0]).toMatchObject({ item: 'x', score: 1 });
    for (const f of fused) expect(f.score).toBeGreaterThanOrEqual(0);
    for (const f of fused) expect(f.score).toBeLessThanOrEqual(1);
  });

  it('lets a heavier list win a tie and counts a duplicate within one list once', () => {
    const fused = reciprocalRankFusion([{ items: ['a', 'a'], weight: 1 }, { items: ['b'], weight: 2 }], 60);
    expect(fused.map((f) => f.item)).toEqual(['b', 'a']);
    expect(fused[1]!.ranks).toEqual([1, undefined]);
  });

  it('returns nothing for empty lists', () => {
    expect(reciprocalRankFusion<string>([{ items: [] }, { items: [] }])).toEqual([]);
  });
});
