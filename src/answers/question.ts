/**
 * Validation of a question before any work is done: the same rules for every adapter.
 */
import { z } from 'zod';
import { UserError } from '../core/errors.js';

export const MAX_QUESTION_CHARS = 4_000;

/** Length in characters as a person counts them (an emoji is one, not two UTF-16 units). */
export function characterCount(text: string): number {
  return [...text].length;
}

const questionSchema = z
  .string({ message: 'Please ask a question: the question must be text.' })
  .transform((text) => text.normalize('NFC').trim())
  .refine((text) => text.length > 0, { message: 'Please ask a question — it was empty.' })
  .superRefine((text, ctx) => {
    const length = characterCount(text);
    if (length > MAX_QUESTION_CHARS) {
      ctx.addIssue({
        code: 'custom',
        message: `Your question is ${length.toLocaleString('en-US')} characters long; the limit is ${MAX_QUESTION_CHARS.toLocaleString('en-US')}. Please shorten it.`,
      });
    }
  });

/** The trimmed question, or a UserError a person can act on. Any script and any case are fine. */
export function parseQuestion(input: unknown): string {
  const parsed = questionSchema.safeParse(input);
  if (!parsed.success) throw new UserError(parsed.error.issues[0]?.message ?? 'Please ask a question.', 'bad_question');
  return parsed.data;
}
