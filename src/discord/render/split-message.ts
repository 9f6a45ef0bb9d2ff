/**
 * Splits text into Discord-sized pieces at the cleanest boundary available: a blank line, then a
 * line break, then a space. Never inside a word unless a single word is longer than the limit,
 * and never leaving a code fence open: a block that must split is closed at the end of one piece
 * and reopened (with its language) at the start of the next.
 */
export const MESSAGE_LIMIT = 2000;
export const EMBED_DESCRIPTION_LIMIT = 4096;

const CLOSE_FENCE = '\n```';

export function splitMessage(text: string, limit: number = MESSAGE_LIMIT): string[] {
  if (limit < 16) throw new RangeError('splitMessage: limit must be at least 16 characters');
  const pieces: string[] = [];
  let reopen = '';
  let rest = text;
  for (;;) {
    const candidate = reopen + rest;
    if (candidate.length <= limit) {
      if (candidate.trim() !== '' && candidate !== reopen) pieces.push(candidate);
      return pieces;
    }
    let cut = findCut(candidate, limit, reopen.length);
    let fence = openFenceAt(candidate.slice(0, cut.at));
    if (fence !== null && candidate.slice(0, cut.at).trimEnd().length + CLOSE_FENCE.length > limit) {
      cut = findCut(candidate, limit - CLOSE_FENCE.length, reopen.length);
      fence = openFenceAt(candidate.slice(0, cut.at));
    }
    const head = candidate.slice(0, cut.at).trimEnd();
    pieces.push(fence === null ? head : head + CLOSE_FENCE);
    rest = candidate.slice(cut.at + cut.skip);
    reopen = fence === null ? '' : `${fence}\n`;
    if (fence === null) rest = rest.replace(/^\n+/, '');
  }
}

interface Cut {
  /** Index where the piece ends. */
  at: number;
  /** Separator characters dropped between this piece and the next. */
  skip: number;
}

function findCut(text: string, budget: number, minimum: number): Cut {
  // Don't accept a boundary so early that the piece would be tiny; a quarter of the budget is plenty.
  const floor = minimum + Math.floor((budget - minimum) / 4);
  const paragraph = text.lastIndexOf('\n\n', budget - 1);
  if (paragraph > floor) return { at: paragraph, skip: 2 };
  const line = text.lastIndexOf('\n', budget);
  if (line > floor) return { at: line, skip: 1 };
  const space = lastWhitespace(text, budget);
  if (space > minimum) return { at: space, skip: 1 };
  // One word longer than the whole budget: there is no clean boundary, cut it hard.
  return { at: budget, skip: 0 };
}

function lastWhitespace(text: string, from: number): number {
  for (let i = Math.min(from, text.length - 1); i >= 0; i--) {
    const char = text[i];
    if (char === ' ' || char === '\n' || char === '\t') return i;
  }
  return -1;
}

/** The opening fence line (e.g. "```ts") if `text` ends inside a fenced code block, else null. */
export function openFenceAt(text: string): string | null {
  let open: string | null = null;
  for (const line of text.split('\n')) {
    const trimmed = line.trimStart();
    if (!trimmed.startsWith('```')) continue;
    open = open === null ? trimmed.trimEnd() : null;
  }
  return open;
}
