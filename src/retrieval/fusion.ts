/**
 * Reciprocal rank fusion (Cormack et al., 2009): each list votes weight / (k + rank) for its items,
 * rank starting at 1. Only ranks matter, so BM25 scores and cosine similarities need no common scale.
 */
export interface RankedList<T> {
  items: readonly T[];
  weight?: number;
}

export interface Fused<T> {
  item: T;
  /** Fused score divided by the best possible (first in every list): in [0, 1]. */
  score: number;
  /** Rank (1-based) in each input list, undefined where the item was absent. */
  ranks: Array<number | undefined>;
}

export function reciprocalRankFusion<T>(lists: ReadonlyArray<RankedList<T>>, k = 60, key: (item: T) => string = String): Array<Fused<T>> {
  const maximum = lists.reduce((sum, list) => sum + (list.weight ?? 1) / (k + 1), 0);
  const byKey = new Map<string, { item: T; raw: number; ranks: Array<number | undefined> }>();
  lists.forEach((list, listIndex) => {
    const weight = list.weight ?? 1;
    list.items.forEach((item, position) => {
      const id = key(item);
      let entry = byKey.get(id);
      if (!entry) {
        entry = { item, raw: 0, ranks: lists.map(() => undefined) };
        byKey.set(id, entry);
      }
      if (entry.ranks[listIndex] !== undefined) return; // a duplicate within one list counts once
      entry.ranks[listIndex] = position + 1;
      entry.raw += weight / (k + position + 1);
    });
  });
  return [...byKey.values()]
    .map(({ item, raw, ranks }) => ({ item, score: maximum > 0 ? raw / maximum : 0, ranks }))
    .sort((a, b) => b.score - a.score);
}
