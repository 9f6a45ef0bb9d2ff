import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { parseQuestion } from '../../src/answers/question.js';

function errorOf(input: unknown): UserError {
  try {
    parseQuestion(input);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('parseQuestion', () => {
  it('trims the question', () => {
    expect(parseQuestion('  Can we use Llama 2 commercially?\n')).toBe('Can we use Llama 2 commercially?');
  });

  it('refuses an empty or blank question politely', () => {
    expect(errorOf('').message).toMatch(/^Please ask a question/);
    expect(errorOf(' \n\t ').message).toMatch(/^Please ask a question/);
  });

  it('refuses a question over 4,000 characters, naming the limit and the length', () => {
    expect(parseQuestion('a'.repeat(4000))).toHaveLength(4000);
    const message = errorOf('a'.repeat(4001)).message;
    expect(message).toContain('4,001');
    expect(message).toContain('4,000');
  });

  it('accepts any Unicode and any case, counting an emoji as one character', () => {
    expect(parseQuestion('LLAMA 2 で商用利用できますか？ 🦙')).toBe('LLAMA 2 で商用利用できますか？ 🦙');
    expect(parseQuestion('🦙'.repeat(4000))).toHaveLength(8000);
    expect(errorOf('🦙'.repeat(4001)).message).toContain('4,001');
  });
});
