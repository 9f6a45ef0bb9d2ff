/**
 * Plain-text rendering of answers for a terminal or a pipe: the answer, then its numbered
 * sources, then a one-line footer. Shared by `npm run chat` and `npm run ask`.
 */
import type { AnswerResult, Source } from '../core/types.js';
import { formatSourceLine } from '../answers/citations.js';

export function renderSources(sources: readonly Source[]): string {
  if (sources.length === 0) return 'No sources.';
  return sources
    .map((source) => {
      const where = source.url ? `${source.path} · ${source.url}` : source.path;
      return `${formatSourceLine(source)}\n    ${where}`;
    })
    .join('\n');
}

export function renderFooter(result: AnswerResult): string {
  const parts = [result.backend, `${Math.round(result.latencyMs)} ms`];
  if (result.usage) parts.push(`${result.usage.inputTokens + result.usage.outputTokens} tokens`);
  if (result.costUsd !== null) parts.push(`$${result.costUsd.toFixed(4)}`);
  if (result.fallback) parts.push(`fell back from ${result.fallback.from}: ${result.fallback.reason}`);
  return parts.join(' · ');
}

export function renderAnswer(result: AnswerResult): string {
  const blocks = [result.answer];
  if (result.sources.length > 0) blocks.push(`Sources:\n${renderSources(result.sources)}`);
  blocks.push(`(${renderFooter(result)})`);
  return blocks.join('\n\n');
}
