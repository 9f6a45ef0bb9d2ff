import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentTitles } from '../../src/compare/doc-titles.js';
import { loadCatalog } from '../../src/knowledge/catalog.js';
import { PollService, SqlitePollRepository, decisionText } from '../../src/polls/index.js';
import { openDatabase } from '../../src/store/database.js';
import { renderPollMessage, renderPollResults, parsePollCustomId } from '../../src/discord/render/poll.js';

const knowledgeDir = path.resolve('knowledge');
const catalog = loadCatalog(knowledgeDir);
const ctx = (userId: string) => ({ guildId: 'g', channelId: 'c', userId, isAdmin: false });

function service() {
  const db = openDatabase(':memory:');
  return new PollService({ repository: new SqlitePollRepository(db), catalog, titleOf: documentTitles(knowledgeDir) });
}

describe('model polls with the real catalog', () => {
  it('a Llama 2 win summarises its license, commercial use, user cap and price, each cited', async () => {
    const polls = service();
    const { poll } = await polls.create(ctx('alice'), { question: 'Support bot?', models: 'llama-2-70b,gpt-4o,mistral-7b' });
    await polls.vote(ctx('bob'), poll.id, 0);
    await polls.vote(ctx('carol'), poll.id, 0);
    await polls.vote(ctx('dave'), poll.id, 1);
    const { results } = await polls.close(ctx('alice'), poll.id);
    const decision = results.decision!;
    expect(decision.modelId).toBe('llama-2-70b');
    const userCap = decision.lines.find((l) => l.label === 'User cap')!;
    expect(userCap.text).toMatch(/700/);
    const capSource = decision.sources.find((s) => s.n === userCap.cite)!;
    expect(capSource.doc).toBe('licenses/llama-2.md');
    expect(capSource.title).toMatch(/Llama 2/);
    expect(capSource.url).toMatch(/^https:\/\//);
    const text = decisionText(decision);
    expect(text).toMatch(/\*\*Decision: Llama 2 70B\*\* \(open\)/);
    for (const line of decision.lines) expect(text).toContain(`[${line.cite}]`);
  });

  it('a closed winner cites its list price and date', async () => {
    const polls = service();
    const { poll } = await polls.create(ctx('alice'), { question: 'API?', models: 'gpt-4o, llama-2-70b' });
    await polls.vote(ctx('bob'), poll.id, 0);
    const { results } = await polls.close(ctx('alice'), poll.id);
    const price = results.decision!.lines.find((l) => l.label === 'Price')!;
    expect(price.text).toMatch(/^\$\d+(\.\d+)? in \/ \$\d+(\.\d+)? out per 1M tokens \(as of \d{4}-\d{2}-\d{2}\)$/);
    expect(results.decision!.sources.find((s) => s.n === price.cite)!.doc).toBe('pricing.md');
  });

  it('no decision summary on a tie or a free-text poll', async () => {
    const polls = service();
    const tie = await polls.create(ctx('alice'), { question: 'Tie?', models: 'gpt-4o, llama-2-70b' });
    await polls.vote(ctx('bob'), tie.poll.id, 0);
    await polls.vote(ctx('carol'), tie.poll.id, 1);
    expect((await polls.close(ctx('alice'), tie.poll.id)).results.decision).toBeNull();
    const text = await polls.create(ctx('alice'), { question: 'Text?', options: 'x; y' });
    await polls.vote(ctx('bob'), text.poll.id, 0);
    expect((await polls.close(ctx('alice'), text.poll.id)).results.decision).toBeNull();
  });
});

describe('poll rendering for Discord', () => {
  it('10 options: two rows of 5 buttons plus a Close row; labels within 80 characters; ids parse back', async () => {
    const polls = service();
    const labels = Array.from({ length: 10 }, (_, i) => `${'x'.repeat(70)} ${i}`);
    const results = await polls.create(ctx('alice'), { question: 'Ten?', options: labels.join(';') });
    const payload = renderPollMessage(results, catalog);
    const rows = payload.components.map((row) => row.toJSON().components as Array<{ custom_id: string; label: string }>);
    expect(rows.map((r) => r.length)).toEqual([5, 5, 1]);
    for (const button of rows.flat()) expect(button.label.length).toBeLessThanOrEqual(80);
    expect(parsePollCustomId(rows[1]![4]!.custom_id)).toEqual({ action: 'vote', pollId: results.poll.id, optionIndex: 9 });
    expect(parsePollCustomId(rows[2]![0]!.custom_id)).toEqual({ action: 'close', pollId: results.poll.id });
    expect(parsePollCustomId('poll:vote:abc:x')).toBeNull();
  });

  it('model options show their key facts; a closed poll has no buttons and names the winner', async () => {
    const polls = service();
    const { poll } = await polls.create(ctx('alice'), { question: 'Which?', models: 'llama-2-70b,gpt-4o' });
    const open = renderPollMessage((await polls.snapshot(poll.id))!, catalog);
    const description = open.embeds[0]!.toJSON().description!;
    expect(description).toMatch(/Llama 2 70B\*\*\n`░{10}` 0 \(0%\)\n-# open weights · .*self-hosted/);
    expect(description).toMatch(/GPT-4o\*\*\n`░{10}` 0 \(0%\)\n-# closed · .*per 1M tokens/);
    await polls.vote(ctx('bob'), poll.id, 1);
    const { results } = await polls.close(ctx('alice'), poll.id);
    expect(renderPollMessage(results, catalog).components).toEqual([]);
    const announced = renderPollResults(results).embeds[0]!.toJSON().description!;
    expect(announced).toMatch(/^Winner: \*\*GPT-4o\*\* with 1 vote \(100%\) · 1 member voted\./);
    expect(announced).toMatch(/\*\*Decision: GPT-4o\*\* \(closed\)/);
  });
});

describe('poll rendering under pressure', () => {
  it('a busy public poll with long labels drops voter lists before ever cutting tallies or the deadline', async () => {
    const polls = service();
    const labels = Array.from({ length: 10 }, (_, i) => `${'long option label '.repeat(4)}${i}`);
    const { poll } = await polls.create(ctx('alice'), { question: 'Busy?', options: labels.join(';') });
    for (let u = 0; u < 300; u++) await polls.vote(ctx(`1234567890123456${String(u).padStart(3, '0')}`), poll.id, u % 10);
    const description = renderPollMessage((await polls.snapshot(poll.id))!, catalog).embeds[0]!.toJSON().description!;
    expect(description.length).toBeLessThanOrEqual(4096);
    expect(description).toMatch(/Closes <t:\d+:R> · 300 voted$/);
    for (let i = 0; i < 10; i++) expect(description).toContain(`**${i + 1}. ${labels[i]}**\n\`█░░░░░░░░░\` 30 (10%)`);
  });
});
