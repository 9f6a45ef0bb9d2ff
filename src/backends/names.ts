/** Small helpers for backend names typed by people. */
import { editDistance } from '../core/edit-distance.js';

/** "OpenAI/GPT-4o " → "openai:gpt-4o"; the provider part is case-insensitive, the model keeps its case. */
export function normalizeBackendName(raw: string): string {
  const trimmed = raw.trim();
  const match = /^([A-Za-z-]+)[:/](.+)$/.exec(trimmed);
  if (!match) return trimmed.toLowerCase();
  return `${match[1]!.toLowerCase()}:${match[2]!.trim()}`;
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
