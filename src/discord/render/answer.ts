/**
 * Turns an AnswerResult into Discord messages: one embed per message, the answer text in the
 * description (≤ 4,096 characters, continued in further messages when longer), numbered sources
 * ("title — section", linked when there is a URL) and the footer "backend · latency · tokens · cost"
 * on the last one.
 */
import { EmbedBuilder, escapeMarkdown } from 'discord.js';
import type { AnswerResult, Source } from '../../core/types.js';
import { EMBED_DESCRIPTION_LIMIT, splitMessage } from './split-message.js';

export const COLOR_ANSWER = 0x5865f2;
export const COLOR_NOT_COVERED = 0x99aab5;
const FIELD_LIMIT = 1024;
const EMBED_TOTAL_LIMIT = 6000;
/** Room for the sources in one embed, leaving space for the footer. */
const SOURCES_BUDGET = 5000;
const TITLE_LIMIT = 256;

export interface RenderAnswerOptions {
  /** Shown as the embed title (the question), e.g. for slash commands. */
  title?: string;
}

export function renderAnswer(result: AnswerResult, options: RenderAnswerOptions = {}): EmbedBuilder[] {
  const parts = splitMessage(result.answer.trim() || '(empty answer)', EMBED_DESCRIPTION_LIMIT);
  const color = result.covered ? COLOR_ANSWER : COLOR_NOT_COVERED;
  const embeds = parts.map((part) => new EmbedBuilder().setColor(color).setDescription(part));
  const first = embeds[0]!;
  if (options.title) first.setTitle(truncate(options.title, TITLE_LIMIT));
  const sourceFields = sourceFieldValues(result.sources).map((value, index) => ({ name: index === 0 ? 'Sources' : 'Sources (continued)', value }));
  const footer = answerFooter(result);
  let last = embeds[embeds.length - 1]!;
  // Discord caps the whole embed at 6,000 characters: sources that don't fit go in their own embed.
  const lastSize = embedSize(last) + sourceFields.reduce((n, f) => n + f.name.length + f.value.length, 0) + footer.length;
  if (lastSize > EMBED_TOTAL_LIMIT) {
    last = new EmbedBuilder().setColor(color);
    embeds.push(last);
  }
  if (sourceFields.length > 0) last.addFields(sourceFields);
  last.setFooter({ text: footer });
  return embeds;
}

function embedSize(embed: EmbedBuilder): number {
  const json = embed.toJSON();
  return (json.title?.length ?? 0) + (json.description?.length ?? 0);
}

export function sourceLine(source: Source): string {
  const label = escapeLinkText(source.section ? `${source.title} — ${source.section}` : source.title);
  return source.url ? `**[${source.n}]** [${label}](${source.url})` : `**[${source.n}]** ${label}`;
}

function sourceFieldValues(sources: Source[]): string[] {
  const values: string[] = [];
  let current = '';
  let used = 0;
  for (const [index, source] of sources.entries()) {
    const line = truncate(sourceLine(source), FIELD_LIMIT);
    if (used + line.length + 40 > SOURCES_BUDGET) {
      const more = `…and ${sources.length - index} more`;
      current = current && current.length + 1 + more.length <= FIELD_LIMIT ? `${current}\n${more}` : (values.push(current), more);
      break;
    }
    if (current && current.length + 1 + line.length > FIELD_LIMIT) {
      values.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
    used += line.length + 1;
  }
  if (current) values.push(current);
  return values;
}

export function answerFooter(result: AnswerResult): string {
  const parts = [result.backend, formatLatency(result.latencyMs)];
  if (result.usage) parts.push(`${result.usage.inputTokens + result.usage.outputTokens} tokens (${result.usage.inputTokens} in, ${result.usage.outputTokens} out)`);
  if (result.costUsd !== null) parts.push(result.costUsd === 0 ? '$0' : `$${result.costUsd < 0.01 ? result.costUsd.toFixed(4) : result.costUsd.toFixed(2)}`);
  if (result.fallback) parts.push(`fell back from ${result.fallback.from} (${result.fallback.reason})`);
  return parts.join(' · ');
}

function formatLatency(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function escapeLinkText(text: string): string {
  return escapeMarkdown(text).replace(/[[\]]/g, (c) => `\\${c}`);
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
