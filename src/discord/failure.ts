import { randomUUID } from 'node:crypto';
import { isUserError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { describeDiscordError } from './discord-errors.js';

export function internalErrorMessage(errorId: string): string {
  return `Sorry, something went wrong on my side (error id: \`${errorId}\`). If it keeps happening, share that id with the server's admins.`;
}

/**
 * What to tell the person after a failure: a UserError's own message, or a generic apology with
 * an error id that is logged (at error level) next to the real cause and `context`.
 */
export function failureReply(error: unknown, logger: Logger, context: Record<string, unknown>): string {
  if (isUserError(error)) {
    logger.debug({ ...context, reason: error.message }, 'user error');
    return error.message;
  }
  const errorId = randomUUID().slice(0, 8);
  logger.error({ ...context, errorId, err: error, ...describeDiscordError(error) }, 'handler failed');
  return internalErrorMessage(errorId);
}
