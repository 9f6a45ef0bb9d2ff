/**
 * Bradley–Terry ratings fitted by Hunter's MM iterations (2004). A tie or "both bad" counts as half
 * a win for each side, as in Chatbot Arena. Each backend also plays one virtual tie against a fixed
 * reference of strength 1, a weak prior that keeps an unbeaten or winless backend finite and anchors
 * the scale: rating = 1000 + 400·log10(strength), so 1000 is "as good as the reference".
 */
export interface Comparison {
  a: string;
  b: string;
  /** 1: a won, 0: b won, 0.5: tie. */
  scoreA: number;
}

export function bradleyTerry(comparisons: readonly Comparison[], options: { iterations?: number; tolerance?: number } = {}): Map<string, number> {
  const players = [...new Set(comparisons.flatMap((c) => [c.a, c.b]))].sort();
  const index = new Map(players.map((p, i) => [p, i]));
  const n = players.length;
  const wins = new Array<number>(n).fill(0.5); // the virtual half-win against the reference
  const games = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const c of comparisons) {
    const i = index.get(c.a)!;
    const j = index.get(c.b)!;
    if (i === j) continue;
    wins[i]! += c.scoreA;
    wins[j]! += 1 - c.scoreA;
    games[i]![j]! += 1;
    games[j]![i]! += 1;
  }
  let strength = new Array<number>(n).fill(1);
  const maxIterations = options.iterations ?? 1_000;
  const tolerance = options.tolerance ?? 1e-10;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const next = strength.map((p, i) => {
      let denominator = 1 / (p + 1); // one virtual game against the reference (strength 1)
      for (let j = 0; j < n; j++) if (games[i]![j]! > 0) denominator += games[i]![j]! / (p + strength[j]!);
      return wins[i]! / denominator;
    });
    const change = Math.max(...next.map((p, i) => Math.abs(Math.log(p) - Math.log(strength[i]!))));
    strength = next;
    if (change < tolerance) break;
  }
  return new Map(players.map((p, i) => [p, 1000 + 400 * Math.log10(strength[i]!)]));
}
