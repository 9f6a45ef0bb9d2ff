import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { parseDuration, parseOptions, parseQuestion } from '../../src/polls/parse.js';
import { decideVote } from '../../src/polls/vote-rules.js';
import { fakeCatalog } from './fake-catalog.js';

describe('poll arguments', () => {
  it('reads options separated by semicolons, trimmed and deduplicated case-insensitively', () => {
    const options = parseOptions({ options: ' Llama ;GPT-4o; llama ;; Mistral ' }, null);
    expect(options.map((o) => o.label)).toEqual(['Llama', 'GPT-4o', 'Mistral']);
    expect(options.map((o) => o.index)).toEqual([0, 1, 2]);
  });

  it('resolves models through the catalog and mixes them with free options', () => {
    const options = parseOptions({ models: 'llama-2-70b, GPT-4o', options: 'Keep what we have' }, fakeCatalog);
    expect(options).toEqual([
      { index: 0, label: 'Llama 2 70B', modelId: 'llama-2-70b' },
      { index: 1, label: 'GPT-4o', modelId: 'gpt-4o' },
      { index: 2, label: 'Keep what we have', modelId: null },
    ]);
  });

  it('refuses an unknown model and suggests the closest ids', () => {
    expect(() => parseOptions({ models: 'llama-2-7o,gpt-4o' }, fakeCatalog)).toThrowError(/"llama-2-7o".*Did you mean .*`llama-2-70b`/);
  });

  it('enforces 2 to 10 options and the 80-character button label limit', () => {
    expect(() => parseOptions({ options: 'only one' }, null)).toThrow(UserError);
    expect(() => parseOptions({ options: 'same; SAME' }, null)).toThrow(/at least 2/);
    const eleven = Array.from({ length: 11 }, (_, i) => `option ${i}`).join(';');
    expect(() => parseOptions({ options: eleven }, null)).toThrow(/at most 10/);
    expect(parseOptions({ options: Array.from({ length: 10 }, (_, i) => `o${i}`).join(';') }, null)).toHaveLength(10);
    expect(() => parseOptions({ options: `${'x'.repeat(81)}; b` }, null)).toThrow(/80 characters/);
    expect(parseOptions({ options: `${'x'.repeat(80)}; b` }, null)[0]!.label).toHaveLength(80);
  });

  it('parses durations and bounds them', () => {
    expect(parseDuration(undefined)).toBe(24 * 3_600_000);
    expect(parseDuration('30m')).toBe(30 * 60_000);
    expect(parseDuration('2h')).toBe(2 * 3_600_000);
    expect(parseDuration('3d')).toBe(3 * 86_400_000);
    expect(parseDuration('1h 30m')).toBe(90 * 60_000);
    expect(parseDuration('45')).toBe(45 * 60_000);
    expect(() => parseDuration('soon')).toThrow(/30m, 2h, 3d/);
    expect(() => parseDuration('30s')).toThrow(/at least 1 minute/);
    expect(() => parseDuration('31d')).toThrow(/at most 30 days/);
  });

  it('requires a question of at most 256 characters', () => {
    expect(() => parseQuestion('   ')).toThrow(UserError);
    expect(() => parseQuestion('q'.repeat(257))).toThrow(/too long/);
  });
});

describe('vote rules', () => {
  it('single choice: a new vote replaces the old one; the same vote twice is unchanged', () => {
    expect(decideVote([], 1, 1, 0, 1000)).toEqual({ kind: 'set', choices: [1], change: 'added' });
    expect(decideVote([{ optionIndex: 1, votedAt: 0 }], 2, 1, 5000, 1000)).toEqual({ kind: 'set', choices: [2], change: 'replaced' });
    expect(decideVote([{ optionIndex: 1, votedAt: 0 }], 1, 1, 5000, 1000)).toEqual({ kind: 'set', choices: [1], change: 'unchanged' });
  });

  it('multi choice: toggles up to the limit, and a double click does not undo', () => {
    const current = [{ optionIndex: 0, votedAt: 0 }, { optionIndex: 2, votedAt: 0 }];
    expect(decideVote(current, 1, 2, 5000, 1000)).toEqual({ kind: 'limit', maxChoices: 2, choices: [0, 2] });
    expect(decideVote(current, 2, 2, 5000, 1000)).toEqual({ kind: 'set', choices: [0], change: 'removed' });
    expect(decideVote(current, 1, 3, 5000, 1000)).toEqual({ kind: 'set', choices: [0, 1, 2], change: 'added' });
    expect(decideVote([{ optionIndex: 2, votedAt: 4500 }], 2, 2, 5000, 1000)).toMatchObject({ change: 'unchanged', choices: [2] });
  });
});
