import { describe, expect, it } from 'vitest';
import { openFenceAt, splitMessage } from '../../src/discord/render/split-message.js';

const words = (text: string) => text.split(/\s+/).filter((w) => w !== '' && !w.startsWith('```'));
const fenceLines = (text: string) => text.split('\n').filter((line) => line.trimStart().startsWith('```')).length;

function lorem(count: number, seed = 1): string {
  const vocabulary = ['license', 'Llama', 'open-weight', 'commercial', 'users', 'monthly', 'the', 'a', 'Apache-2.0', 'redistribution', 'acceptable-use', 'policy', 'outputs', 'train', 'model'];
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return vocabulary[x % vocabulary.length]!;
  }).join(' ');
}

describe('splitMessage', () => {
  it('returns short text unchanged', () => {
    expect(splitMessage('hello world', 2000)).toEqual(['hello world']);
  });

  it('never exceeds the limit, never cuts a word, and keeps every word in order', () => {
    for (const limit of [50, 200, 2000, 4096]) {
      const text = [lorem(300, 1), lorem(500, 2), lorem(80, 3)].join('\n\n') + '\n' + lorem(900, 4);
      const parts = splitMessage(text, limit);
      expect(parts.length).toBeGreaterThan(1);
      for (const part of parts) expect(part.length).toBeLessThanOrEqual(limit);
      expect(parts.flatMap(words)).toEqual(words(text));
    }
  });

  it('prefers paragraph, then line boundaries', () => {
    const first = 'a'.repeat(30) + ' ' + 'b'.repeat(30);
    const text = `${first}\n\n${'c'.repeat(20)}\n${'d'.repeat(20)}`;
    expect(splitMessage(text, 70)).toEqual([first, `${'c'.repeat(20)}\n${'d'.repeat(20)}`]);
  });

  it('closes a code fence at the end of a piece and reopens it, with its language, in the next', () => {
    const code = ['```ts', ...Array.from({ length: 40 }, (_, i) => `  const value${i} = compute(${i}); // keep indentation`), '```'].join('\n');
    const text = `Intro paragraph.\n\n${code}\n\nOutro paragraph.`;
    const parts = splitMessage(text, 500);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(500);
      expect(fenceLines(part) % 2).toBe(0);
      expect(openFenceAt(part)).toBeNull();
    }
    const middle = parts.filter((part) => part.includes('const value'));
    for (const part of middle) expect(part.startsWith('```ts\n') || part.startsWith('Intro')).toBe(true);
    // Code lines arrive whole, indentation included.
    const codeLines = parts.flatMap((part) => part.split('\n')).filter((line) => line.includes('const value'));
    expect(codeLines).toEqual(code.split('\n').filter((line) => line.includes('const value')));
  });

  it('cuts a single word longer than the limit (no clean boundary exists)', () => {
    const parts = splitMessage('x'.repeat(120), 50);
    expect(parts).toEqual(['x'.repeat(50), 'x'.repeat(50), 'x'.repeat(20)]);
  });
});
