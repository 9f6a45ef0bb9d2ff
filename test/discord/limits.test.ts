/**
 * Every renderer with worst-case input stays within Discord's limits (checked by the same rules
 * the fake Discord enforces) and splits cleanly instead of cutting text off.
 */
import { EmbedBuilder } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { MatchView } from '../../src/arena/types.js';
import type { ModelComparison, TopicComparison } from '../../src/compare/types.js';
import { renderModelComparison, renderTopicComparison } from '../../src/discord/commands/compare.js';
import { renderArenaContinuations, renderArenaMessage } from '../../src/discord/components/arena.js';
import { clipAtWord, embedLength, fieldsForText, groupEmbeds } from '../../src/discord/render/limits.js';
import { renderPollMessage, renderPollResults } from '../../src/discord/render/poll.js';
import type { PollResults } from '../../src/polls/types.js';
import { messageLimitViolations } from '../e2e/fake-discord/limits.js';

const words = (text: string) => text.split(/\s+/).filter((w) => w !== '' && w !== '…');
/** Distinct words, so a lost or cut word shows. */
const prose = (count: number, seed: string) => Array.from({ length: count }, (_, i) => `${seed}${i}`).join(' ');
const visible = (embeds: readonly EmbedBuilder[]) =>
  embeds.map((e) => [e.data.title ?? '', e.data.description ?? '', ...(e.data.fields ?? []).map((f) => f.value)].join('\n')).join('\n');

/** Asserts each message the embeds are grouped into would be accepted by Discord. */
function expectSendable(embeds: readonly EmbedBuilder[]): void {
  for (const group of groupEmbeds(embeds)) expect(messageLimitViolations({ embeds: group.map((e) => e.toJSON()) })).toEqual([]);
}

describe('limit helpers', () => {
  it('groups embeds into messages of ≤ 10 embeds and ≤ 6,000 characters', () => {
    const big = Array.from({ length: 5 }, () => new EmbedBuilder().setDescription('x'.repeat(4000)));
    expect(groupEmbeds(big).map((g) => g.length)).toEqual([1, 1, 1, 1, 1]);
    const small = Array.from({ length: 23 }, () => new EmbedBuilder().setDescription('y'.repeat(10)));
    expect(groupEmbeds(small).map((g) => g.length)).toEqual([10, 10, 3]);
    expect(embedLength(new EmbedBuilder().setTitle('ab').setDescription('cde').addFields({ name: 'f', value: 'gh' }).setFooter({ text: 'i' }))).toBe(9);
  });

  it('splits a long field value into continued fields at word boundaries', () => {
    const value = prose(400, 'cell');
    const fields = fieldsForText('License', value);
    expect(fields.map((f) => f.name)).toEqual(['License', 'License (continued)', 'License (continued)', 'License (continued)']);
    for (const f of fields) expect(f.value.length).toBeLessThanOrEqual(1024);
    expect(fields.flatMap((f) => words(f.value))).toEqual(words(value));
  });

  it('clips labels at a word boundary', () => {
    expect(clipAtWord('alpha beta gamma delta', 14)).toBe('alpha beta…');
    expect(clipAtWord('short', 14)).toBe('short');
  });
});

describe('/compare renderers', () => {
  it('3 models with long cells and 30 citations: every word and source is shown, every message fits', () => {
    const models = [
      { id: 'llama-2-70b', name: 'Llama 2 70B', vendor: 'Meta', access: 'open' as const },
      { id: 'gpt-4o', name: 'GPT-4o', vendor: 'OpenAI', access: 'closed' as const },
      { id: 'falcon-180b', name: 'Falcon 180B', vendor: 'TII', access: 'open' as const },
    ];
    const table: ModelComparison = {
      models,
      rows: Array.from({ length: 9 }, (_, r) => ({ key: `row${r}`, label: `Row ${r} ${'label '.repeat(10)}`, cells: models.map((_, m) => ({ text: prose(120, `r${r}m${m}w`), cite: r + 1 })) })),
      sources: Array.from({ length: 30 }, (_, i) => ({ n: i + 1, title: `Source title ${i} ${'long '.repeat(10)}`, section: `§${i} ${'section '.repeat(8)}`, doc: 'd', url: `https://example.com/${i}` })),
    };
    const embeds = renderModelComparison(table);
    expectSendable(embeds);
    const text = visible(embeds);
    for (const row of table.rows) for (const cell of row.cells) expect(words(text).join(' ')).toContain(words(cell.text).join(' '));
    for (const source of table.sources) expect(text).toContain(`[${source.n}] [`);
  });

  it('a topic with a 9,000-character summary is split, not cut', () => {
    const topic: TopicComparison = {
      aspect: 'cost',
      label: 'Cost',
      rows: [{ feature: 'Licensing', open: prose(200, 'open'), closed: prose(200, 'closed'), cite: 1 }],
      summary: prose(1000, 'summary'),
      sources: [{ n: 1, title: 'Article', section: 'Cost', doc: 'a', url: 'https://example.com' }],
    };
    const embeds = renderTopicComparison(topic);
    expectSendable(embeds);
    expect(words(visible(embeds)).join(' ')).toContain(words(topic.summary).join(' '));
    expect(words(visible(embeds)).join(' ')).toContain(words(topic.rows[0]!.closed).join(' '));
  });
});

describe('poll renderers', () => {
  const question = prose(60, 'q').slice(0, 256).replace(/\s+\S*$/, '');
  const voters = Array.from({ length: 20 }, (_, i) => `1000000000000000${String(i).padStart(3, '0')}`);
  const results: PollResults = {
    poll: {
      id: 'abcdefgh',
      guildId: 'g',
      channelId: 'c',
      creatorId: 'u',
      question,
      options: Array.from({ length: 10 }, (_, i) => ({ index: i, label: prose(20, `o${i}w`).slice(0, 80), modelId: i < 3 ? ['llama-2-70b', 'gpt-4o', 'falcon-180b'][i]! : null })),
      anonymous: false,
      maxChoices: 3,
      createdAt: 0,
      closesAt: 86_400_000,
      closedAt: null,
      closedBy: null,
      messageChannelId: null,
      messageId: null,
    },
    tallies: Array.from({ length: 10 }, (_, i) => ({ index: i, label: prose(20, `o${i}w`).slice(0, 80), modelId: null, votes: 20, share: 0.1, voters })),
    turnout: 20,
    totalVotes: 200,
    leaders: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    closed: true,
    decision: null,
  };

  it('the longest poll (256-character question, 10 × 80-character options, 20 voters each) fits, and shows the whole question', () => {
    for (const rendered of [renderPollMessage({ ...results, closed: false }), renderPollResults(results)]) {
      const body = JSON.parse(JSON.stringify(rendered)) as Record<string, unknown>;
      expect(messageLimitViolations(body)).toEqual([]);
      const text = visible(rendered.embeds);
      expect(words(text.replace(/\*\*/g, '')).join(' ')).toContain(words(question).join(' '));
      for (const option of results.poll.options) expect(text).toContain(option.label);
    }
  });
});

describe('arena renderer', () => {
  const longName = `ollama:${'registry.example/team/'.repeat(4)}model`;
  const side = (backend: string, seed: string) => ({
    backend,
    answer: prose(1500, seed),
    sources: Array.from({ length: 8 }, (_, i) => ({ n: i + 1, title: `Title ${'long '.repeat(30)}`, section: `Section ${i}`, path: 'p', url: null, snippet: '', score: 1 })),
    latencyMs: 1234,
  });
  const view = (revealed: boolean): MatchView => ({
    match: { id: 'm1', guildId: 'g', channelId: 'c', creatorId: 'u', question: prose(150, 'question').slice(0, 1000), a: side(longName, 'alpha'), b: side('local', 'beta'), blind: true, createdAt: 0 },
    tally: { a: 1, b: 2, tie: 3, bad: 4, total: 10 },
    revealed,
  });

  it('two 10,000-character answers: the message fits before and after the reveal, the rest follows, nothing is lost', () => {
    for (const revealed of [false, true]) {
      const message = renderArenaMessage(view(revealed));
      expect(messageLimitViolations(JSON.parse(JSON.stringify(message)) as Record<string, unknown>)).toEqual([]);
      const rest = renderArenaContinuations(view(revealed));
      expectSendable(rest);
      const shown = (letter: 'A' | 'B', index: number) =>
        [message.embeds[index]!.data.description!, ...rest.filter((e) => e.data.title === `Answer ${letter} (continued)`).map((e) => e.data.description!)].join(' ');
      expect(words(shown('A', 0)).filter((w) => !w.startsWith('*(') && w !== 'below)*')).toEqual(words(view(revealed).match.a.answer));
      expect(words(shown('B', 1)).filter((w) => !w.startsWith('*(') && w !== 'below)*')).toEqual(words(view(revealed).match.b.answer));
      // Every source the answers may cite is listed with its number.
      const sourcesShown = message.embeds.map((e) => (e.data.fields ?? []).map((f) => f.value).join('\n'));
      for (const list of sourcesShown) for (let n = 1; n <= 8; n++) expect(list).toContain(`[${n}] Title`);
      // Blind: the continuations never name a backend.
      expect(JSON.stringify(rest.map((e) => e.toJSON()))).not.toContain('ollama:');
    }
  });
});
