/**
 * Arena buttons `arena:vote:<matchId>:<a|b|tie|bad>` and the arena message. Each vote is answered
 * at once, privately, naming both backends (the blind reveal for that voter); the shared message
 * shows the tally and reveals the names once the arena's threshold of voters is reached.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, MessageFlags, type Client, type MessageActionRowComponentBuilder } from 'discord.js';
import type { Services } from '../../app/services.js';
import type { ArenaOutcome, ArenaSide, MatchView } from '../../arena/types.js';
import { UserError } from '../../core/errors.js';
import { Coalescer } from '../../polls/coalesce.js';
import type { ComponentHandler } from '../command.js';
import { toRequestContext } from '../context.js';
import { NO_PINGS_AT_ALL } from '../render/mentions.js';

const COLOR_A = 0x5865f2;
const COLOR_B = 0xeb459e;
/** Two answers share one message, whose embeds may hold 6,000 characters in all. */
const ANSWER_LIMIT = 2_300;
const OUTCOME_LABELS: Record<ArenaOutcome, string> = { a: 'A is better', b: 'B is better', tie: 'Tie', bad: 'Both bad' };

export const arenaVoteId = (matchId: string, outcome: ArenaOutcome) => `arena:vote:${matchId}:${outcome}`;

export function renderArenaMessage(view: MatchView) {
  const { match, tally, revealed } = view;
  const side = (letter: 'A' | 'B', s: ArenaSide, color: number) => {
    const answer = s.answer.trim() || '(empty answer)';
    const text = answer.length > ANSWER_LIMIT ? `${answer.slice(0, ANSWER_LIMIT).replace(/\s+\S*$/, '')} … (shortened)` : answer;
    const sources = s.sources.slice(0, 5).map((src) => `[${src.n}] ${src.title}${src.section && src.section !== src.title ? ` — ${src.section}` : ''}`.slice(0, 120));
    const embed = new EmbedBuilder()
      .setColor(color)
      .setTitle(revealed ? `Answer ${letter} · ${s.backend}` : `Answer ${letter}`)
      .setDescription(text);
    if (sources.length > 0) embed.addFields({ name: 'Sources', value: sources.join('\n').slice(0, 1024) });
    if (revealed && s.latencyMs !== null) embed.setFooter({ text: `${s.backend} · ${Math.round(s.latencyMs)} ms` });
    return embed;
  };
  const votes = tally.total === 0 ? 'No votes yet.' : `${tally.total} ${tally.total === 1 ? 'vote' : 'votes'}: A ${tally.a} · B ${tally.b} · tie ${tally.tie} · both bad ${tally.bad}.`;
  const blindNote = match.blind && !revealed ? ' Blind: the backends are named to you when you vote, and here once enough people have voted.' : '';
  const content = `**Q:** ${match.question.slice(0, 1500)}\n${votes}${blindNote}`;
  const row = new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    (['a', 'b', 'tie', 'bad'] as const).map((outcome) =>
      new ButtonBuilder()
        .setCustomId(arenaVoteId(match.id, outcome))
        .setLabel(OUTCOME_LABELS[outcome])
        .setStyle(outcome === 'a' || outcome === 'b' ? ButtonStyle.Primary : ButtonStyle.Secondary),
    ),
  );
  return { content, embeds: [side('A', match.a, COLOR_A), side('B', match.b, COLOR_B)], components: [row], allowedMentions: NO_PINGS_AT_ALL };
}

const refresher = new Coalescer(1_000);

export function arenaRefreshesIdle(): Promise<void> {
  return refresher.idle();
}

function refreshArenaMessage(client: Client, services: Services, matchId: string, channelId: string, messageId: string): void {
  refresher.request(matchId, async () => {
    const view = await services.arena.view(matchId);
    if (!view) return;
    const channel = client.channels.cache.get(channelId) ?? (await client.channels.fetch(channelId));
    if (!channel?.isTextBased()) return;
    try {
      await channel.messages.edit(messageId, renderArenaMessage(view));
    } catch (error) {
      services.logger.warn({ err: error, matchId }, 'could not refresh the arena message');
    }
  });
}

export const component: ComponentHandler = {
  prefix: 'arena',
  defer: 'none',
  async execute(interaction, services) {
    const [, action, matchId, outcome] = interaction.customId.split(':');
    if (action !== 'vote' || !matchId || !outcome) throw new UserError('This button is no longer active.');
    const receipt = await services.arena.vote(toRequestContext(interaction), matchId, outcome);
    const { match } = receipt;
    const what = receipt.previous && receipt.previous !== receipt.outcome ? `Changed your vote to **${OUTCOME_LABELS[receipt.outcome]}**` : `Recorded: **${OUTCOME_LABELS[receipt.outcome]}**`;
    const reveal = `A was \`${match.a.backend}\`, B was \`${match.b.backend}\`.`;
    await interaction.reply({ content: `${what}. ${reveal} Click another button to change your vote; \`/leaderboard\` shows the standings.`, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS_AT_ALL });
    refreshArenaMessage(interaction.client, services, match.id, interaction.message.channelId, interaction.message.id);
  },
};
