/** /usage [period] — the team's tokens and estimated spend per backend. */
import { EmbedBuilder, SlashCommandBuilder } from 'discord.js';
import { USAGE_PERIODS, type UsagePeriod } from '../../usage/usage-service.js';
import type { SlashCommand } from '../command.js';
import { NO_PINGS_AT_ALL } from '../render/mentions.js';
import { usageLines } from '../render/backends.js';

const PERIOD_LABEL: Record<UsagePeriod, string> = { today: 'today', '7d': 'the last 7 days', '30d': 'the last 30 days', all: 'all time' };

export const command: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('usage')
    .setDescription("This server's tokens and estimated spend per backend")
    .addStringOption((o) =>
      o
        .setName('period')
        .setDescription('Default: last 30 days')
        .addChoices(...USAGE_PERIODS.map((p) => ({ name: PERIOD_LABEL[p], value: p }))),
    ),
  meta: { defer: 'ephemeral' },
  async execute(interaction, services) {
    const period = (interaction.options.getString('period') ?? '30d') as UsagePeriod;
    const summary = await services.usage.summary(interaction.guildId, period);
    const embed = new EmbedBuilder()
      .setColor(0x5865f2)
      .setTitle(`Usage — ${PERIOD_LABEL[period]}`)
      .setDescription(usageLines(summary).join('\n').slice(0, 4096))
      .setFooter({ text: 'Costs are estimates from list prices in the catalog; self-hosted open models show no per-token price.' });
    await interaction.editReply({ embeds: [embed], allowedMentions: NO_PINGS_AT_ALL });
  },
};
