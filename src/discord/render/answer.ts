/**
 * Turns an AnswerResult into Discord messages: one embed per message, the answer text in the
 * description (≤ 4,096 characters, continued in further messages when longer), numbered sources
 * ("title — section", linked when there is a URL) and the footer "backend · latency · tokens · cost"
 * on the last one.
 */
import { EmbedBuilder, escapeMarkdown } from 'discord.js';
import { sourceLabel } from '../../answers/citations.js';
import type { AnswerResult, Source } from '../../core/types.js';
import { EMBED_LIMITS, clipAtWord, embedsForText, embedsWithFields, fieldsForText } from './limits.js';

export const COLOR_ANSWER = 0x5865f2;
export const COLOR_NOT_COVERED = 0x99aab5;

export interface RenderAnswerOptions {
  /** Shown as the embed title (the question), e.g. for slash commands. */
  title?: string;
}

export function renderAnswer(result: AnswerResult, options: RenderAnswerOptions = {}): EmbedBuilder[] {
  const color = result.covered ? COLOR_ANSWER : COLOR_NOT_COVERED;
  const embeds = embedsForText(result.answer.trim() || '(empty answer)', (embed, index) => {
    embed.setColor(color);
    if (index === 0 && options.title) embed.setTitle(clipAtWord(options.title, EMBED_LIMITS.title));
  });
  const lines = result.sources.map((source) => clipAtWord(sourceLine(source), EMBED_LIMITS.fieldValue));
  const sourceFields = lines.length > 0 ? fieldsForText('Sources', lines.join('\n')) : [];
  const footer = answerFooter(result);
  // Discord caps an embed at 6,000 characters in all: every source is listed, continuing in more embeds.
  const tail = embedsWithFields(embeds.pop()!, sourceFields, { reserve: footer.length });
  tail.at(-1)!.setFooter({ text: clipAtWord(footer, EMBED_LIMITS.footer) });
  return [...embeds, ...tail];
}

export function sourceLine(source: Source): string {
  const label = escapeLinkText(sourceLabel(source));
  return source.url ? `**[${source.n}]** [${label}](${source.url})` : `**[${source.n}]** ${label}`;
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
