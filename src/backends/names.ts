/** Small helpers for backend names typed by people. */

/** "OpenAI/GPT-4o " → "openai:gpt-4o"; the provider part is case-insensitive, the model keeps its case. */
export function normalizeBackendName(raw: string): string {
  const trimmed = raw.trim();
  const match = /^([A-Za-z-]+)[:/](.+)$/.exec(trimmed);
  if (!match) return trimmed.toLowerCase();
  return `${match[1]!.toLowerCase()}:${match[2]!.trim()}`;
}

export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** Names closest to `query`, best first: substring matches, then by edit distance. */
export function closestNames(query: string, names: readonly string[], limit = 3): string[] {
  const q = query.toLowerCase();
  return names
    .map((name) => {
      const n = name.toLowerCase();
      const contains = n.includes(q) || q.includes(n);
      return { name, score: (contains ? 0 : 1000) + editDistance(q, n) };
    })
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .map((entry) => entry.name);
}
