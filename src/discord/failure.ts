import { randomUUID } from 'node:crypto';
import { isUserError } from '../core/errors.js';
import { scrubSecrets, type Logger } from '../core/logger.js';
export { configuredSecrets } from '../core/secrets.js';
import { describeDiscordError, redactTokens } from './discord-errors.js';
import { clipContent } from './render/limits.js';

export function internalErrorMessage(errorId: string): string {
  return `Sorry, something went wrong on my side (error id: \`${errorId}\`). If it keeps happening, share that id with the server's admins.`;
}

/**
 * What to tell the person after a failure: a UserError's own message, or a generic apology with
 * an error id that is logged (at error level) next to the real cause and `context`. Always fits a
 * message (≤ 2,000 characters: a UserError may quote what was typed) and never carries a secret.
 */
export function failureReply(error: unknown, logger: Logger, context: Record<string, unknown>, secrets: readonly string[] = []): string {
  if (isUserError(error)) {
    const message = scrubSecrets(error.message, secrets);
    logger.debug({ ...context, reason: message }, 'user error');
    return clipContent(message);
  }
  const errorId = randomUUID().slice(0, 8);
  logger.error({ ...context, errorId, err: scrubbedError(error, secrets), ...describeDiscordError(error) }, 'handler failed');
  return internalErrorMessage(errorId);
}

/** The error as pino logs it (type, message, stack) without the request URL discord.js attaches, and with any configured secret removed. */
function scrubbedError(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? scrubSecrets(error, secrets) : error;
  return { type: error.name, message: scrubSecrets(redactTokens(error.message), secrets), stack: error.stack === undefined ? undefined : scrubSecrets(redactTokens(error.stack), secrets) };
}
