/** /usage [period] — the team's tokens and estimated spend per backend. */
import { SlashCommandBuilder } from 'discord.js';
import { USAGE_PERIODS, parseUsagePeriod, type UsagePeriod } from '../../usage/usage-service.js';
import { usd } from '../../polls/format.js';
import type { Services } from '../../app/services.js';
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
    const period = parseUsagePeriod(interaction.options.getString('period'));
    const summary = await services.usage.summary(interaction.guildId, period);
    const limits = await limitLines(services, interaction.guildId);
    const embeds = embedsForText([...usageLines(summary), '', ...limits].join('\n'), (embed, i, count) => {
      embed.setColor(0x5865f2);
      if (i === 0) embed.setTitle(`Usage — ${PERIOD_LABEL[period]}`);
      if (i === count - 1) embed.setFooter({ text: 'Costs are estimates from list prices in the catalog; self-hosted open models show no per-token price.' });
    });
    await editReplyWithEmbeds(interaction, embeds);
  },
};

/** What is left of today's budget and the per-member rate, so nobody is surprised by a refusal. */
async function limitLines(services: Services, guildId: string | null): Promise<string[]> {
  const { guard } = services.backends;
  const budget = await guard.budgetToday(guildId);
  const perMinute = guard.limits.memberAnswersPerMinute;
  return [
    budget
      ? `**Daily budget:** ${usd(budget.budgetUsd)} for paid backends · ${usd(roundCents(budget.spentUsd))} spent today · **${usd(roundCents(budget.leftUsd))} left** (resets 00:00 UTC).`
      : '**Daily budget:** none set (PARLEY_DAILY_BUDGET_USD).',
    perMinute > 0 ? `**Rate limit:** ${perMinute} generative answers per member per minute; \`local\` is not limited.` : '**Rate limit:** none.',
  ];
}

function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
