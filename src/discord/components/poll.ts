/**
 * Poll buttons: `poll:vote:<pollId>:<optionIndex>` and `poll:close:<pollId>`. A vote is answered at
 * once with an ephemeral confirmation (one request, no deferral: the vote is a single SQLite
 * transaction), and the poll message is refreshed at most once per second per poll under bursts.
 */
import { MessageFlags, type Client } from 'discord.js';
import type { Services } from '../../app/services.js';
import { UserError } from '../../core/errors.js';
import { Coalescer } from '../coalesce.js';
import type { ComponentHandler } from '../command.js';
import { toRequestContext } from '../context.js';
import { replyOnce } from '../acknowledge.js';
import { NO_PINGS_AT_ALL } from '../render/mentions.js';
import { parsePollCustomId, renderPollMessage, renderPollResults, voteConfirmation } from '../render/poll.js';
import { loggableError } from '../discord-errors.js';

export const POLL_REFRESH_INTERVAL_MS = 1_000;

const refresher = new Coalescer(POLL_REFRESH_INTERVAL_MS);

/**
 * With shards, whichever process wins a poll's deadline announces it, also for a guild another
 * shard serves (not in this client's cache): the channel is fetched over REST all the same.
 */
const ANY_SHARD = { allowUnknownGuild: true } as const;

/** Edits the poll's message to its current state; coalesced per poll (≤ 1 edit per second). */
export function refreshPollMessage(client: Client, services: Services, pollId: string): void {
  refresher.request(pollId, async () => {
    const results = await services.polls.snapshot(pollId);
    const { messageChannelId, messageId } = results?.poll ?? {};
    if (!results || !messageChannelId || !messageId) return;
    const channel = client.channels.cache.get(messageChannelId) ?? (await client.channels.fetch(messageChannelId, ANY_SHARD));
    if (!channel?.isTextBased()) return;
    try {
      await channel.messages.edit(messageId, renderPollMessage(results, services.catalog));
    } catch (error) {
      services.logger.warn({ err: loggableError(error), pollId }, 'could not refresh the poll message');
    }
  });
}

/** Resolves once every pending poll-message refresh has been sent (tests, benchmarks). */
export function pollRefreshesIdle(): Promise<void> {
  return refresher.idle();
}

export const component: ComponentHandler = {
  prefix: 'poll',
  defer: 'none',
  async execute(interaction, services) {
    const parsed = parsePollCustomId(interaction.customId);
    if (!parsed) throw new UserError('This button is no longer active.');
    const ctx = toRequestContext(interaction);
    if (parsed.action === 'vote') {
      const receipt = await services.polls.vote(ctx, parsed.pollId, parsed.optionIndex);
      await replyOnce(interaction, { content: voteConfirmation(receipt, parsed.optionIndex), flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS_AT_ALL });
      if (!receipt.poll.messageId) await services.polls.attachMessage(receipt.poll.id, interaction.message.channelId, interaction.message.id);
      refreshPollMessage(interaction.client, services, parsed.pollId);
      return;
    }
    const { results, closedNow } = await services.polls.close(ctx, parsed.pollId);
    await replyOnce(interaction, { ...renderPollResults(results), ...(closedNow ? {} : { content: 'This poll was already closed.' }) });
    refreshPollMessage(interaction.client, services, parsed.pollId);
  },
};

/**
 * Runs while the bot is connected: closes polls at their deadline (overdue ones at once, so
 * deadlines survive restarts), and on every close refreshes the poll message; a close by deadline
 * also posts the result in the poll's channel. Returns the function that stops it.
 */
export async function startPollRuntime(client: Client, services: Services): Promise<() => void> {
  const off = services.polls.onClosed(async ({ results }) => {
    refreshPollMessage(client, services, results.poll.id);
    if (results.poll.closedBy !== null) return; // closed by a person: their command or button already answered
    const channelId = results.poll.messageChannelId ?? results.poll.channelId;
    try {
      const channel = client.channels.cache.get(channelId) ?? (await client.channels.fetch(channelId, ANY_SHARD));
      if (channel?.isSendable()) await channel.send(renderPollResults(results));
    } catch (error) {
      services.logger.warn({ err: loggableError(error), pollId: results.poll.id }, 'could not announce the poll result');
    }
  });
  await services.pollScheduler.start();
  return () => {
    off();
    services.pollScheduler.stop();
  };
}
