import { DiscordAPIError, RateLimitError, RESTJSONErrorCodes } from 'discord.js';

/** The Discord error code Parley expects in normal operation and handles by logging. */
export const UNKNOWN_INTERACTION = RESTJSONErrorCodes.UnknownInteraction; // 10062: not acknowledged within 3 s, or already gone

export function isDiscordError(error: unknown, code?: number): error is DiscordAPIError {
  return error instanceof DiscordAPIError && (code === undefined || error.code === code);
}

/** Loggable facts about a Discord REST failure, without the interaction token that sits in the URL. */
export function describeDiscordError(error: unknown): Record<string, unknown> | null {
  if (error instanceof DiscordAPIError) {
    return { discordCode: error.code, status: error.status, method: error.method, url: redactTokens(error.url), discordMessage: error.message };
  }
  if (error instanceof RateLimitError) {
    return { status: 429, method: error.method, route: error.route, global: error.global, retryAfterMs: error.retryAfter, scope: error.scope };
  }
  return null;
}

export function redactTokens(url: string): string {
  return url.replace(/(\/(?:webhooks|interactions)\/\d+\/)[^/?]+/g, '$1[token]');
}

/**
 * An error as Parley logs it from the Discord edge: name, message, stack and the Discord facts,
 * but never the request URL or body as discord.js attaches them (interaction tokens, message text).
 */
export function loggableError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return { type: error.name, message: redactTokens(error.message), stack: error.stack === undefined ? undefined : redactTokens(error.stack), ...describeDiscordError(error) };
}
