/** /usage [period] — the team's tokens and estimated spend per backend. */
import { SlashCommandBuilder } from 'discord.js';
import { USAGE_PERIODS, type UsagePeriod } from '../../usage/usage-service.js';
import type { SlashCommand } from '../command.js';
import { embedsForText } from '../render/limits.js';
import { editReplyWithEmbeds } from '../render/reply-parts.js';
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
    const embeds = embedsForText(usageLines(summary).join('\n'), (embed, i, count) => {
      embed.setColor(0x5865f2);
      if (i === 0) embed.setTitle(`Usage — ${PERIOD_LABEL[period]}`);
      if (i === count - 1) embed.setFooter({ text: 'Costs are estimates from list prices in the catalog; self-hosted open models show no per-token price.' });
    });
    await editReplyWithEmbeds(interaction, embeds);
  },
};
