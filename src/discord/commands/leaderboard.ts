import { EmbedBuilder, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../command.js';
import { toRequestContext } from '../context.js';
import { NO_PINGS_AT_ALL } from '../render/mentions.js';

export const command: SlashCommand = {
  data: new SlashCommandBuilder().setName('leaderboard').setDescription('This server’s arena standings: rating, wins, losses, ties, votes'),
  meta: { defer: 'public' },
  async execute(interaction, services) {
    const board = await services.arena.leaderboard(toRequestContext(interaction));
    const lines = board.map(
      (e, i) => `**${i + 1}. \`${e.backend}\`** — **${e.rating}** · ${e.wins} W · ${e.losses} L · ${e.ties} T · ${e.votes} ${e.votes === 1 ? 'vote' : 'votes'}`,
    );
    const embed = new EmbedBuilder()
      .setColor(0xfee75c)
      .setTitle('Arena leaderboard')
      .setDescription(lines.length > 0 ? lines.join('\n').slice(0, 4096) : 'No arena votes in this server yet. Start one with `/compare answers`.')
      .setFooter({ text: 'Bradley–Terry rating (1000 = reference); a tie or “both bad” counts half a win for each side.' });
    await interaction.editReply({ embeds: [embed], allowedMentions: NO_PINGS_AT_ALL });
  },
};
