/**
 * Arena buttons `arena:vote:<matchId>:<a|b|tie|bad>` and the arena message. Each vote is answered
 * at once, privately, naming both backends (the blind reveal for that voter, whose vote is then
 * final); the shared message shows the tally and reveals the names once the arena's threshold of
 * voters is reached.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, MessageFlags, type Client, type MessageActionRowComponentBuilder } from 'discord.js';
import type { Services } from '../../app/services.js';
import type { ArenaMatch, ArenaOutcome, ArenaSide, MatchView } from '../../arena/types.js';
import { UserError } from '../../core/errors.js';
import { Coalescer } from '../coalesce.js';
import type { ComponentHandler } from '../command.js';
import { toRequestContext } from '../context.js';
import { replyOnce } from '../acknowledge.js';
import { EMBED_LIMITS, clipAtWord, embedLength, embedsForText, fieldsForText } from '../render/limits.js';
import { NO_PINGS_AT_ALL } from '../render/mentions.js';
import { splitMessage } from '../render/split-message.js';
import { userText } from '../render/user-text.js';
import { loggableError } from '../discord-errors.js';

const COLOR_A = 0x5865f2;
const COLOR_B = 0xeb459e;
/** Marks an answer whose rest follows in the messages below the arena. */
const CONTINUED = '\n*(continued below)*';
const OUTCOME_LABELS: Record<ArenaOutcome, string> = { a: 'A is better', b: 'B is better', tie: 'Tie', bad: 'Both bad' };

export const arenaVoteId = (matchId: string, outcome: ArenaOutcome) => `arena:vote:${matchId}:${outcome}`;

/**
 * Characters of each answer the arena message can show: both answers share one message, whose
 * embeds hold 6,000 characters in all. Measured with the names revealed (the longest form), so
 * the split does not move when the names appear and the continuations stay right.
 */
function answerRoom(match: ArenaMatch): number {
  const frame = sideEmbed('A', match.a, 0, true, '').data;
  const other = sideEmbed('B', match.b, 0, true, '').data;
  const used = embedLength(frame) + embedLength(other);
  return Math.min(EMBED_LIMITS.description, Math.floor((EMBED_LIMITS.total - used) / 2)) - CONTINUED.length;
}

function answerParts(side: ArenaSide, room: number): string[] {
  const parts = splitMessage(side.answer.trim(), room);
  return parts.length > 0 ? parts : ['(empty answer)'];
}

function sideEmbed(letter: 'A' | 'B', s: ArenaSide, color: number, revealed: boolean, text: string): EmbedBuilder {
  // Every source is listed: an answer may cite any of them.
  const sources = s.sources.map((src) => clipAtWord(`[${src.n}] ${src.title}${src.section && src.section !== src.title ? ` — ${src.section}` : ''}`, 120));
  const embed = new EmbedBuilder()
    .setColor(color)
    .setTitle(clipAtWord(revealed ? `Answer ${letter} · ${s.backend}` : `Answer ${letter}`, EMBED_LIMITS.title));
  if (text !== '') embed.setDescription(text);
  if (sources.length > 0) embed.addFields(fieldsForText('Sources', sources.join('\n')));
  if (revealed && s.latencyMs !== null) embed.setFooter({ text: `${s.backend} · ${Math.round(s.latencyMs)} ms` });
  return embed;
}

export function renderArenaMessage(view: MatchView) {
  const { match, tally, revealed } = view;
  const room = answerRoom(match);
  const side = (letter: 'A' | 'B', s: ArenaSide, color: number) => {
    const parts = answerParts(s, room);
    return sideEmbed(letter, s, color, revealed, parts.length > 1 ? `${parts[0]}${CONTINUED}` : parts[0]!);
  };
  const votes = tally.total === 0 ? 'No votes yet.' : `${tally.total} ${tally.total === 1 ? 'vote' : 'votes'}: A ${tally.a} · B ${tally.b} · tie ${tally.tie} · both bad ${tally.bad}.`;
  const blindNote = match.blind && !revealed ? ' Blind: the backends are named to you when you vote (your vote is then final), and here once enough people have voted.' : '';
  const content = `**Q:** ${clipAtWord(userText(match.question), 1500)}\n${votes}${blindNote}`;
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

/**
 * The rest of answers too long for the arena message, as embeds for the messages that follow it
 * ("Answer A (continued)"): nothing an answer says is cut off. Never names a backend (blind mode).
 */
export function renderArenaContinuations(view: MatchView): EmbedBuilder[] {
  const room = answerRoom(view.match);
  const rest = (letter: 'A' | 'B', s: ArenaSide, color: number) => {
    const parts = answerParts(s, room);
    if (parts.length < 2) return [];
    return embedsForText(parts.slice(1).join('\n\n'), (embed) => embed.setColor(color).setTitle(`Answer ${letter} (continued)`));
  };
  return [...rest('A', view.match.a, COLOR_A), ...rest('B', view.match.b, COLOR_B)];
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
      services.logger.warn({ err: loggableError(error), matchId }, 'could not refresh the arena message');
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
    const label = OUTCOME_LABELS[receipt.outcome];
    const reveal = `A was \`${match.a.backend}\`, B was \`${match.b.backend}\`.`;
    const content = receipt.locked
      ? `Your vote in this blind comparison is final: **${label}**. ${reveal} \`/leaderboard\` shows the standings.`
      : match.blind
        ? `Recorded: **${label}**. ${reveal} A blind vote is final once the names are shown; \`/leaderboard\` shows the standings.`
        : `${receipt.previous && receipt.previous !== receipt.outcome ? 'Changed your vote to' : 'Recorded:'} **${label}**. ${reveal} Click another button to change your vote; \`/leaderboard\` shows the standings.`;
    await replyOnce(interaction, { content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS_AT_ALL });
    refreshArenaMessage(interaction.client, services, match.id, interaction.message.channelId, interaction.message.id);
  },
};
