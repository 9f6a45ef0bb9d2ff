/**
 * Acknowledging an interaction when Discord answered a 5xx after it had processed the
 * acknowledgement: @discordjs/rest retries, and the retry gets 40060 "already acknowledged".
 * The acknowledgement did happen, so Parley records it and goes on to edit or follow up,
 * instead of failing and leaving "Parley is thinking…" on screen forever.
 */
import { MessageFlags, RESTJSONErrorCodes, type InteractionReplyOptions, type RepliableInteraction } from 'discord.js';
import type { ComponentInteraction } from './command.js';
import { isDiscordError } from './discord-errors.js';

const ALREADY_ACKNOWLEDGED = RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged; // 40060

type AckState = { deferred: true; ephemeral: boolean } | { replied: true; ephemeral: boolean };

async function acknowledgeOnce(interaction: RepliableInteraction, ack: () => Promise<unknown>, state: AckState): Promise<void> {
  try {
    await ack();
  } catch (error) {
    if (!isDiscordError(error, ALREADY_ACKNOWLEDGED) || interaction.deferred || interaction.replied) throw error;
    Object.assign(interaction, state);
  }
}

export function deferReplyOnce(interaction: RepliableInteraction, ephemeral: boolean): Promise<void> {
  return acknowledgeOnce(interaction, () => interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {}), { deferred: true, ephemeral });
}

export function deferUpdateOnce(interaction: ComponentInteraction): Promise<void> {
  return acknowledgeOnce(interaction, () => interaction.deferUpdate(), { deferred: true, ephemeral: false });
}

/** interaction.reply (the reply is the acknowledgement). */
export function replyOnce(interaction: RepliableInteraction, options: InteractionReplyOptions): Promise<void> {
  const ephemeral = typeof options.flags === 'number' && (options.flags & MessageFlags.Ephemeral) !== 0;
  return acknowledgeOnce(interaction, () => interaction.reply(options), { replied: true, ephemeral });
}
