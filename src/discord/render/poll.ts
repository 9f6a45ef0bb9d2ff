/**
 * Polls as Discord messages: the live poll (embed with text bars, a relative deadline, one button
 * per option and a Close button) and the closing announcement (winner, tallies, turnout, decision).
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, TimestampStyles, time, type MessageActionRowComponentBuilder } from 'discord.js';
import type { Catalog } from '../../knowledge/catalog-types.js';
import { decisionText, outcomeLine, tallyLines, usd } from '../../polls/format.js';
import type { Poll, PollResults } from '../../polls/types.js';
import { EMBED_LIMITS, clipAtWord } from './limits.js';
import { NO_PINGS_AT_ALL } from './mentions.js';
import { userText, withoutControls } from './user-text.js';

export const COLOR_POLL_OPEN = 0x57f287;
export const COLOR_POLL_CLOSED = 0x99aab5;
const BUTTONS_PER_ROW = 5;
const LABEL_LIMIT = 80;

export const pollVoteId = (pollId: string, optionIndex: number) => `poll:vote:${pollId}:${optionIndex}`;
export const pollCloseId = (pollId: string) => `poll:close:${pollId}`;

export function parsePollCustomId(customId: string): { action: 'vote'; pollId: string; optionIndex: number } | { action: 'close'; pollId: string } | null {
  const parts = customId.split(':');
  if (parts[0] !== 'poll' || !parts[2]) return null;
  if (parts[1] === 'vote' && parts[3] !== undefined && /^\d+$/.test(parts[3])) return { action: 'vote', pollId: parts[2], optionIndex: Number(parts[3]) };
  if (parts[1] === 'close') return { action: 'close', pollId: parts[2] };
  return null;
}

/** The message that carries the poll: live while open, final (no buttons) once closed. */
export function renderPollMessage(original: PollResults, catalog?: Catalog | null) {
  const results = asShown(original);
  const { poll } = results;
  const optionLines = (showVoters: boolean) =>
    tallyLines(results, { showVoters, mention: (id) => `<@${id}>` }).map((line, i) => {
      const facts = modelFacts(poll, i, catalog);
      return facts ? `${line}\n-# ${facts}` : line;
    });
  const when = results.closed
    ? `Closed ${time(new Date(poll.closedAt ?? poll.closesAt), TimestampStyles.RelativeTime)} · ${outcomeLine(results)}`
    : `Closes ${time(new Date(poll.closesAt), TimestampStyles.RelativeTime)} · ${results.turnout} voted`;
  // Voter lists go first when space runs short: the tallies and the deadline always show.
  const heading = titleAndLead('📊 ', poll.question, '📊 Poll');
  let body = heading.lead + [...optionLines(true), '', when].join('\n');
  if (body.length > EMBED_LIMITS.description) body = heading.lead + [...optionLines(false), '', when].join('\n');
  const description = clipAtWord(body, EMBED_LIMITS.description);
  const embed = new EmbedBuilder()
    .setColor(results.closed ? COLOR_POLL_CLOSED : COLOR_POLL_OPEN)
    .setTitle(heading.title)
    .setDescription(description)
    .setFooter({ text: footer(poll) });
  // Button labels show no markdown: they get the options as typed (controls stripped).
  return { content: '', embeds: [embed], components: results.closed ? [] : pollButtons(original.poll), allowedMentions: NO_PINGS_AT_ALL };
}

export function pollButtons(poll: Poll): ActionRowBuilder<MessageActionRowComponentBuilder>[] {
  const rows: ActionRowBuilder<MessageActionRowComponentBuilder>[] = [];
  for (let start = 0; start < poll.options.length; start += BUTTONS_PER_ROW) {
    const row = new ActionRowBuilder<MessageActionRowComponentBuilder>();
    for (const option of poll.options.slice(start, start + BUTTONS_PER_ROW)) {
      row.addComponents(new ButtonBuilder().setCustomId(pollVoteId(poll.id, option.index)).setLabel(clipAtWord(withoutControls(option.label), LABEL_LIMIT)).setStyle(ButtonStyle.Primary));
    }
    rows.push(row);
  }
  rows.push(new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(new ButtonBuilder().setCustomId(pollCloseId(poll.id)).setLabel('Close poll').setStyle(ButtonStyle.Secondary)));
  return rows;
}

/** The announcement posted when a poll closes. */
export function renderPollResults(original: PollResults) {
  const results = asShown(original);
  const { poll } = results;
  const status = results.closed ? 'Poll closed' : 'Poll results so far';
  const heading = titleAndLead(`🏁 ${status}: `, poll.question, `🏁 ${status}`);
  const compose = (showVoters: boolean) => {
    const parts = [heading.lead + outcomeLine(results), '', ...tallyLines(results, { showVoters, mention: (id) => `<@${id}>` })];
    if (results.decision) parts.push('', decisionText(results.decision));
    return parts.join('\n');
  };
  let body = compose(true);
  if (body.length > EMBED_LIMITS.description) body = compose(false);
  const embed = new EmbedBuilder()
    .setColor(COLOR_POLL_CLOSED)
    .setTitle(heading.title)
    .setDescription(clipAtWord(body, EMBED_LIMITS.description))
    .setFooter({ text: footer(poll) });
  return { embeds: [embed], allowedMentions: NO_PINGS_AT_ALL };
}

export function voteConfirmation(results: { poll: Poll; change: string; choices: number[] }, optionIndex: number): string {
  const { poll, choices } = results;
  const label = (i: number) => `**${poll.options[i] ? userText(poll.options[i].label) : `option ${i + 1}`}**`;
  const limit = poll.maxChoices > 1 ? ` (up to ${poll.maxChoices})` : '';
  const now = choices.length === 0 ? `You have no choice selected now${limit}.` : `Your ${choices.length === 1 ? 'vote' : 'votes'}: ${choices.map(label).join(', ')}${limit}.`;
  const secret = poll.anonymous ? ' This poll is anonymous: nobody can see who voted what.' : '';
  switch (results.change) {
    case 'added':
      return `✅ Counted. ${now}${secret}`;
    case 'replaced':
      return `🔁 Changed: your vote is now ${label(optionIndex)}.${secret}`;
    case 'removed':
      return `↩️ Removed ${label(optionIndex)}. ${now}${secret}`;
    default:
      return `☑️ Already counted. ${now}${secret}`;
  }
}

function modelFacts(poll: Poll, index: number, catalog?: Catalog | null): string | null {
  const modelId = poll.options[index]?.modelId;
  const model = modelId && catalog ? catalog.get(modelId) : undefined;
  if (!model) return null;
  const price = model.price ? `${usd(model.price.inputPer1M)}/${usd(model.price.outputPer1M)} per 1M tokens` : 'self-hosted (no list price)';
  return `${model.access === 'open' ? 'open weights' : 'closed'} · ${model.license.name} · ${price}`;
}

function footer(poll: Poll): string {
  const mode = poll.maxChoices > 1 ? `up to ${poll.maxChoices} choices` : 'one choice';
  return [`Poll ${poll.id}`, mode, poll.anonymous ? 'anonymous' : 'public votes', 'change your vote any time before it closes'].join(' · ');
}

/** The poll's member-typed text (question, options) escaped, so the shared renderers show it as typed. */
function asShown(results: PollResults): PollResults {
  const { poll } = results;
  return {
    ...results,
    poll: { ...poll, question: userText(poll.question), options: poll.options.map((option) => ({ ...option, label: userText(option.label) })) },
    tallies: results.tallies.map((tally) => ({ ...tally, label: userText(tally.label) })),
  };
}

/**
 * The question in the title when it fits there with its prefix; otherwise a short title and the
 * whole question, bold, at the top of the description (a 256-character question never loses words).
 */
function titleAndLead(prefix: string, question: string, shortTitle: string): { title: string; lead: string } {
  const title = `${prefix}${question}`;
  return title.length <= EMBED_LIMITS.title ? { title, lead: '' } : { title: shortTitle, lead: `**${question}**\n\n` };
}
