/**
 * Numbered citations, shared by every answerer (extractive and generative): one way to write
 * a source line, and one way to make the [n] markers in an answer agree with its source list.
 */
import type { Source } from '../core/types.js';
import { flagStaleDates } from '../knowledge/catalog-freshness.js';

/** Matches "[1]", "[1, 3]" and "[1,2,3]"; one marker may cite several sources. */
const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;

/**
 * "Llama 2 Community License — §2 Additional commercial terms" (just the title when there is no section).
 * A dated title ("…, as of 2025-06-01") says when the date is over 12 months old.
 */
export function sourceLabel(source: Pick<Source, 'title' | 'section'>, now: Date = new Date()): string {
  const section = source.section.trim();
  const title = flagStaleDates(source.title.trim(), now);
  if (!section || section === title) return title;
  // A document's lead section is often headed by the title itself: "Gemma Terms of Use (brief)".
  if (section.toLowerCase().startsWith(title.toLowerCase())) return section;
  return `${title} — ${section}`;
}

/** "[1] Llama 2 Community License — §2 Additional commercial terms" */
export function formatSourceLine(source: Pick<Source, 'n' | 'title' | 'section'>): string {
  return `[${source.n}] ${sourceLabel(source)}`;
}

/** Numbers cited in the text, in order of first appearance. */
export function citedNumbers(text: string): number[] {
  const seen: number[] = [];
  for (const match of text.matchAll(MARKER)) {
    for (const part of (match[1] ?? '').split(',')) {
      const n = Number(part.trim());
      if (!seen.includes(n)) seen.push(n);
    }
  }
  return seen;
}

/**
 * Makes an answer's citations consistent with its sources: markers that match no source are
 * removed, sources that are never cited are dropped, and the rest are renumbered 1, 2, 3… in
 * order of first citation (the answer text is rewritten to match).
 */
export function renumberCitations<S extends Source>(text: string, sources: readonly S[]): { answer: string; sources: S[] } {
  const byNumber = new Map(sources.map((source) => [source.n, source]));
  const newNumber = new Map<number, number>();
  for (const n of citedNumbers(text)) {
    if (byNumber.has(n) && !newNumber.has(n)) newNumber.set(n, newNumber.size + 1);
  }
  const answer = text
    .replace(MARKER, (_marker, list: string) => {
      const kept = [...new Set(list.split(',').map((part) => newNumber.get(Number(part.trim()))).filter((n): n is number => n !== undefined))];
      return kept.length > 0 ? `[${kept.join(', ')}]` : '';
    })
    // A removed marker can leave "word ." or double spaces behind.
    .replace(/[ \t]+([.,;:!?])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
  const renumbered = [...newNumber.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([oldN, n]) => ({ ...(byNumber.get(oldN) as S), n }));
  return { answer, sources: renumbered };
}

/** Shortens a snippet at a word boundary, with an ellipsis when something was cut. */
export function truncateSnippet(text: string, max = 280): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}
