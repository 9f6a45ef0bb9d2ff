/**
 * Answers a deferred interaction with any number of embeds: the first message (≤ 10 embeds,
 * ≤ 6,000 characters) edits the deferred reply, the rest follow as follow-ups with the same
 * visibility, so nothing is cut off and nothing breaks Discord's per-message limits.
 * `asFollowUps`: all of them as follow-ups (the reply itself was already written).
 */
import { MessageFlags, type EmbedBuilder, type InteractionEditReplyOptions, type Message, type RepliableInteraction } from 'discord.js';
import { groupEmbeds } from './limits.js';
import { NO_PINGS_AT_ALL } from './mentions.js';

export async function editReplyWithEmbeds(
  interaction: RepliableInteraction,
  embeds: readonly EmbedBuilder[],
  extra: Pick<InteractionEditReplyOptions, 'content' | 'components'> & { asFollowUps?: boolean } = {},
): Promise<Message | null> {
  const { asFollowUps = false, ...edit } = extra;
  const groups = groupEmbeds(embeds);
  const first = asFollowUps ? null : groups.shift() ?? [];
  const message = first ? await interaction.editReply({ ...edit, embeds: first, allowedMentions: NO_PINGS_AT_ALL }) : null;
  for (const group of groups) {
    await interaction.followUp({ embeds: group, allowedMentions: NO_PINGS_AT_ALL, ...(interaction.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  }
  return message;
}
