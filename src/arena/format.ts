/** Plain-text rendering of arena matches and the leaderboard (terminal). */
import { countOf } from '../core/plural.js';
import type { LeaderboardEntry, MatchView } from './types.js';

export function matchPlainText(view: MatchView): string {
  const { match, revealed } = view;
  const name = (letter: 'A' | 'B', backend: string) => (revealed ? `${letter} (${backend})` : letter);
  return [
    `Q: ${match.question}`,
    '',
    `--- ${name('A', match.a.backend)} ---`,
    match.a.answer,
    '',
    `--- ${name('B', match.b.backend)} ---`,
    match.b.answer,
    '',
    `Vote with /compare vote ${match.id} a|b|tie|bad`,
  ].join('\n');
}

export function leaderboardPlainText(board: readonly LeaderboardEntry[]): string {
  if (board.length === 0) return 'No arena votes yet. Start one with /compare answers.';
  const lines = board.map((e, i) => `${String(i + 1).padStart(2)}. ${e.backend.padEnd(32)} ${String(e.rating).padStart(5)}  ${e.wins} W  ${e.losses} L  ${e.ties} T  ${countOf(e.votes, 'vote')}`);
  return [...lines, 'Bradley–Terry rating (1000 = reference); a tie or "both bad" counts half a win for each side.'].join('\n');
}
