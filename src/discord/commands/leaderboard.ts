import { SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../command.js';
import { toRequestContext } from '../context.js';
import { embedsForText } from '../render/limits.js';
import { editReplyWithEmbeds } from '../render/reply-parts.js';

export const command: SlashCommand = {
  data: new SlashCommandBuilder().setName('leaderboard').setDescription('This server’s arena standings: rating, wins, losses, ties, votes'),
  meta: { defer: 'public' },
  async execute(interaction, services) {
    const board = await services.arena.leaderboard(toRequestContext(interaction));
    const lines = board.map(
      (e, i) => `**${i + 1}. \`${e.backend}\`** — **${e.rating}** · ${e.wins} W · ${e.losses} L · ${e.ties} T · ${e.votes} ${e.votes === 1 ? 'vote' : 'votes'}`,
    );
    const text = lines.length > 0 ? lines.join('\n') : 'No arena votes in this server yet. Start one with `/compare answers`.';
    const embeds = embedsForText(text, (embed, i, count) => {
      embed.setColor(0xfee75c);
      if (i === 0) embed.setTitle('Arena leaderboard');
      if (i === count - 1) embed.setFooter({ text: 'Bradley–Terry rating (1000 = reference); a tie or “both bad” counts half a win for each side.' });
    });
    await editReplyWithEmbeds(interaction, embeds);
  },
};
