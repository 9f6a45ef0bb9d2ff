import type { MessageMentionOptions } from 'discord.js';

/**
 * Nothing in a message Parley sends pings anyone: "@everyone", "@here", role and user mentions in
 * an answer render as text only. A reply may ping the person who asked (repliedUser).
 */
export const NO_PINGS: MessageMentionOptions = Object.freeze({ parse: [], repliedUser: true }) as MessageMentionOptions;

/** For interaction replies and follow-ups, which reply to nobody. */
export const NO_PINGS_AT_ALL: MessageMentionOptions = Object.freeze({ parse: [], repliedUser: false }) as MessageMentionOptions;
