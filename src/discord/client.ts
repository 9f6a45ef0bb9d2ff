import { Client, GatewayIntentBits, OAuth2Scopes, PermissionFlagsBits } from 'discord.js';
import type { Config } from '../config.js';
import { NO_PINGS } from './render/mentions.js';

/**
 * Only the intents Parley uses:
 * - Guilds: channels and roles (permission checks, threads), and interactions' context.
 * - GuildMessages: @mentions of the bot and replies to it (conversations).
 * - MessageContent (privileged; enable it in the Developer Portal → Bot): to read the text of
 *   replies that don't ping the bot and of earlier messages in a reply chain. Without it Discord
 *   blanks the content of messages that don't mention the bot.
 * No GuildMembers or GuildPresences (privileged, not needed). No DirectMessages: conversations
 * happen in servers; slash commands (/ask) work in DMs without any intent.
 */
export const PARLEY_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent] as const;

/** What Parley needs in a channel: read it, answer (also in threads), embed answers, follow reply chains. */
export const INVITE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendMessagesInThreads | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.ReadMessageHistory;

/** The link a server admin opens to add Parley: bot + slash commands, with the permissions above. */
export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({ client_id: applicationId, scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '), permissions: String(INVITE_PERMISSIONS) });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}

/**
 * discord.js throttles REST to this many requests per second per client. Interaction callbacks
 * (the ACKs) are sent outside that throttle (@discordjs/rest's BurstHandler), which matches
 * Discord's rule that interaction endpoints are not bound by the global limit; the router also
 * holds answer work back while ACKs are in flight (ack-first.ts). Edits and follow-ups of
 * interaction replies are still counted: 100 simultaneous answers are delivered over ≈ 2 s
 * (measured), well inside the 15 minutes an interaction token lives. We keep Discord's 50/s
 * rather than raising it, because channel messages and fetches share the same budget and do
 * count against Discord's real global limit.
 */
export const REST_GLOBAL_REQUESTS_PER_SECOND = 50;

export function createDiscordClient(config: Config): Client {
  return new Client({
    intents: [...PARLEY_INTENTS],
    allowedMentions: NO_PINGS,
    rest: { api: config.discord.apiBaseUrl, globalRequestsPerSecond: REST_GLOBAL_REQUESTS_PER_SECOND },
  });
}
