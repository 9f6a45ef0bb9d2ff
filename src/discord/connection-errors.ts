/**
 * Why Parley could not talk to Discord, in words that name the setting to fix. Shared by
 * `npm start` (logging in, the gateway) and `npm run deploy-commands` (REST).
 */
import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes, GatewayCloseCodes, HTTPError } from 'discord.js';
import { UserError } from '../core/errors.js';

const REJECTED_TOKEN = 'Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the bot token again from the Developer Portal (Bot → Reset Token).';

const NETWORK_CODES = /^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|UND_ERR_\w+)$/;

/**
 * A UserError for a rejected token, an unreachable Discord or an error status (the original kept
 * as `cause`); anything unexpected is returned as it is.
 */
export function explainDiscordFailure(error: unknown, apiBaseUrl: string): unknown {
  const explained = explanation(error, apiBaseUrl);
  return explained ? Object.assign(new UserError(explained), { cause: error }) : error;
}

function explanation(error: unknown, apiBaseUrl: string): string | undefined {
  if (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid) return REJECTED_TOKEN;
  if (error instanceof DiscordAPIError || error instanceof HTTPError) {
    if (error.status === 401) return REJECTED_TOKEN;
    return `Discord answered ${error.status}: ${error.message}`;
  }
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code ?? (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.test(code)) {
    return `Could not reach Discord at ${apiBaseUrl} (${code}). Check the network connection, or DISCORD_API_BASE_URL if you set it.`;
  }
  return undefined;
}

const PRIVILEGED_INTENTS =
  'enable "Message Content Intent" in the Developer Portal (your application → Bot → Privileged Gateway Intents), then start Parley again.';

/** The gateway close codes after which discord.js stops reconnecting, and what to do about each. */
const FATAL_CLOSE_CODES: ReadonlyMap<number, string> = new Map([
  [GatewayCloseCodes.AuthenticationFailed, 'Discord closed the connection: authentication failed (4004). DISCORD_TOKEN is not valid: copy the bot token again from the Developer Portal (Bot → Reset Token).'],
  [GatewayCloseCodes.DisallowedIntents, `Discord closed the connection: Parley asked for a privileged intent it is not allowed (4014). ${PRIVILEGED_INTENTS}`],
  [GatewayCloseCodes.InvalidIntents, `Discord closed the connection: invalid intents (4013). ${PRIVILEGED_INTENTS}`],
  [GatewayCloseCodes.InvalidShard, 'Discord closed the connection: invalid shard (4010). Check the sharding settings.'],
  [GatewayCloseCodes.ShardingRequired, 'Discord closed the connection: sharding is required (4011). The bot is in too many servers for one connection.'],
  [GatewayCloseCodes.InvalidAPIVersion, 'Discord closed the connection: invalid API version (4012). Update discord.js (npm update discord.js).'],
]);

/** A UserError for a gateway close code Parley cannot recover from, or null for one it can. */
export function fatalCloseError(code: number): UserError | null {
  const message = FATAL_CLOSE_CODES.get(code);
  return message ? new UserError(message) : null;
}
