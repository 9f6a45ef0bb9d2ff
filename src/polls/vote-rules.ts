/** What a click on an option does to a voter's choices. Pure, so every repository applies the same rules. */
import type { VoteChange } from './types.js';

export interface CurrentChoice {
  optionIndex: number;
  votedAt: number;
}

export type VoteDecision =
  | { kind: 'set'; choices: number[]; change: VoteChange }
  | { kind: 'limit'; maxChoices: number; choices: number[] };

/**
 * Single choice: the click becomes the vote (clicking the same option again keeps it, so a double
 * click is harmless). Multi choice: a click toggles the option, up to `maxChoices`; undoing a choice
 * made less than `doubleClickMs` ago is read as a double click and ignored.
 */
export function decideVote(current: readonly CurrentChoice[], optionIndex: number, maxChoices: number, now: number, doubleClickMs: number): VoteDecision {
  const chosen = current.map((c) => c.optionIndex).sort((a, b) => a - b);
  if (maxChoices <= 1) {
    if (chosen.length === 1 && chosen[0] === optionIndex) return { kind: 'set', choices: chosen, change: 'unchanged' };
    return { kind: 'set', choices: [optionIndex], change: chosen.length === 0 ? 'added' : 'replaced' };
  }
  const existing = current.find((c) => c.optionIndex === optionIndex);
  if (existing) {
    if (now - existing.votedAt < doubleClickMs) return { kind: 'set', choices: chosen, change: 'unchanged' };
    return { kind: 'set', choices: chosen.filter((i) => i !== optionIndex), change: 'removed' };
  }
  if (chosen.length >= maxChoices) return { kind: 'limit', maxChoices, choices: chosen };
  return { kind: 'set', choices: [...chosen, optionIndex].sort((a, b) => a - b), change: 'added' };
}
