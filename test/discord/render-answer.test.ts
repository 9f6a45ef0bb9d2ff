import { describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../src/core/types.js';
import { answerFooter, renderAnswer, sourceLine } from '../../src/discord/render/answer.js';

const base: AnswerResult = {
  question: 'q',
  answer: 'Llama 2 has a 700M MAU clause [1].',
  sources: [
    { n: 1, title: 'Llama 2 Community License', section: '§2 Additional commercial terms', path: 'licenses/llama-2.md', url: 'https://ai.meta.com/llama/license/', snippet: '', score: 1 },
    { n: 2, title: 'Open vs closed [draft]', section: 'Costs', path: 'article.md', url: null, snippet: '', score: 0.5 },
  ],
  backend: 'local',
  latencyMs: 42.4,
  covered: true,
  usage: null,
  costUsd: null,
};

describe('renderAnswer', () => {
  it('numbers the sources, links them when there is a URL, and escapes brackets in titles', () => {
    expect(sourceLine(base.sources[0]!)).toBe('**[1]** [Llama 2 Community License — §2 Additional commercial terms](https://ai.meta.com/llama/license/)');
    expect(sourceLine(base.sources[1]!)).toBe('**[2]** Open vs closed \\[draft\\] — Costs');
    const [embed] = renderAnswer(base, { title: 'Can we ship Llama 2?' }).map((e) => e.toJSON());
    expect(embed).toMatchObject({ title: 'Can we ship Llama 2?', description: base.answer, footer: { text: 'local · 42 ms' } });
    expect(embed!.fields).toEqual([{ name: 'Sources', value: `${sourceLine(base.sources[0]!)}\n${sourceLine(base.sources[1]!)}` }]);
  });

  it('puts tokens, cost and fallback in the footer when known', () => {
    expect(answerFooter({ ...base, backend: 'openai:gpt-4o', latencyMs: 2345, usage: { inputTokens: 900, outputTokens: 120 }, costUsd: 0.0035, fallback: { from: 'ollama:llama2', reason: 'timeout' } })).toBe(
      'openai:gpt-4o · 2.3 s · 1020 tokens (900 in, 120 out) · $0.0035 · fell back from ollama:llama2 (timeout)',
    );
  });

  it('keeps every embed within Discord limits for a very long answer with many sources, listing them all', () => {
    const sources = Array.from({ length: 60 }, (_, i) => ({ ...base.sources[0]!, n: i + 1, section: `§${i} ${'long section name '.repeat(3)}` }));
    const embeds = renderAnswer({ ...base, answer: 'word '.repeat(3000), sources }).map((e) => e.toJSON());
    expect(embeds.length).toBeGreaterThan(3);
    for (const embed of embeds) {
      expect((embed.description ?? "").length).toBeLessThanOrEqual(4096);
      for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1024);
      const total = (embed.title ?? '').length + (embed.description ?? "").length + (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0) + (embed.footer?.text.length ?? 0);
      expect(total).toBeLessThanOrEqual(6000);
    }
    const sourceText = embeds.flatMap((e) => e.fields ?? []).map((f) => f.value).join('\n');
    // Every source is listed, in order (continuing in further embeds), none cut off.
    expect(sourceText.split('\n').map((line) => line.match(/^\*\*\[(\d+)\]\*\*/)?.[1])).toEqual(sources.map((s) => String(s.n)));
  });
});
