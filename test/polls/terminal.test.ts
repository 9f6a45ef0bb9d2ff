/** The same poll and comparison services through the terminal adapter: the services are transport-agnostic. */
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.js';
import { ArenaService, SqliteArenaRepository } from '../../src/arena/index.js';
import { CompareService, documentTitles } from '../../src/compare/index.js';
import { createLogger } from '../../src/core/logger.js';
import { loadCatalog } from '../../src/knowledge/catalog.js';
import { PollService, SqlitePollRepository } from '../../src/polls/index.js';
import { openDatabase } from '../../src/store/database.js';
import { displayWidth } from '../../src/core/display-width.js';
import { parseArgs } from '../../src/terminal/commands/poll.js';
import { runTerminal } from '../../src/terminal/repl.js';

const knowledgeDir = path.resolve('knowledge');

function services(): Services {
  const db = openDatabase(':memory:');
  const catalog = loadCatalog(knowledgeDir);
  const titleOf = documentTitles(knowledgeDir);
  const arena = new ArenaService({
    repository: new SqliteArenaRepository(db),
    backends: {
      resolve: (name) => name,
      assertAllowed: () => undefined,
      prepare: async (_ctx, question) => ({ question, chunks: [] }),
      answer: async (_ctx, backend) => ({
        answer: `answer from ${backend} [1]`,
        sources: [{ n: 1, title: 'Llama 2 Community License', section: '§2 Additional commercial terms', path: 'licenses/llama-2.md', url: 'https://ai.meta.com/llama/license/', snippet: 'more than 700 million monthly active users', score: 0.9 }],
      }),
    },
    coinFlip: () => false,
  });
  return {
    logger: createLogger('silent'),
    catalog,
    polls: new PollService({ repository: new SqlitePollRepository(db), catalog, titleOf }),
    compare: new CompareService({ catalog, knowledgeDir, titleOf }),
    arena,
  } as unknown as Services;
}

async function session(lines: string[], shared: Services = services(), columns?: number): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.setEncoding('utf8').on('data', (data: string) => (text += data));
  input.end(lines.map((line) => `${line}\n`).join(''));
  await runTerminal({ services: shared, input, output, interactive: false, ...(columns ? { columns } : {}) });
  return text;
}

describe('terminal /poll, /compare, /leaderboard', () => {
  it('parses quoted and key=value arguments', () => {
    expect(parseArgs('create "Which model?" options="a; b" models=x,y anonymous')).toEqual({
      positional: ['create', 'Which model?'],
      named: { options: 'a; b', models: 'x,y' },
      flags: new Set(['anonymous']),
    });
  });

  it('runs a model poll: create, list, vote, a refused close, close with a cited decision', async () => {
    const shared = services();
    const created = await session(['/poll create "Support bot?" models=llama-2-70b,gpt-4o options="wait"', '/poll list'], shared);
    const id = /Poll (\w+): Support bot\?/.exec(created)![1]!;
    expect(created).toMatch(/1\. Llama 2 70B/);
    expect(created).toMatch(/3\. wait/);
    expect(created).toMatch(/Support bot\?\s+\(0 voted/);
    const closed = await session([`/poll vote ${id} 2`, `/poll vote ${id} 9`, `/poll close ${id}`, `/poll vote ${id} 1`], shared);
    expect(closed).toContain('Your vote: GPT-4o.');
    expect(closed).toContain('That option is not part of this poll.');
    expect(closed).toMatch(/Winner: GPT-4o with 1 vote \(100%\)/);
    expect(closed).toMatch(/Decision: GPT-4o\n {2}License: .*\[1\]/);
    expect(closed).toMatch(/This poll is closed/);
  });

  it('runs an arena match and the leaderboard', async () => {
    const shared = services();
    const match = await session(['/compare answers local ollama:llama2 Is Llama 2 open?'], shared);
    expect(match).toContain('--- A (local) ---\nanswer from local [1]');
    const matchId = /\/compare vote (\S+) a\|b/.exec(match)![1]!;
    const board = await session([`/compare vote ${matchId} b`, '/leaderboard'], shared);
    expect(board).toContain('Recorded. A was local, B was ollama:llama2.');
    expect(board).toMatch(/ 1\. ollama:llama2 +\d+ +1 W {2}0 L {2}0 T {2}1 vote$/m);
  });

  it('compares models and topics in plain text, and refuses an unknown model with suggestions', async () => {
    const output = await session(['/compare models llama-2-70b gpt-4o', '/compare topic privacy', '/compare models llama-2-70 gpt-4o']);
    expect(output).toMatch(/User caps:\n {2}Llama 2 70B: .*700.*\[\d+\]/);
    expect(output).toMatch(/\[\d+\] Llama 2 Community License — §2/);
    expect(output).toContain('Open vs closed LLMs: Privacy and data');
    expect(output).toMatch(/I don't know the model "llama-2-70"\. Did you mean/);
  });

  it('takes several options in one vote up to the poll’s limit, and says when a poll was already closed', async () => {
    const shared = services();
    const created = await session(['/poll create "Which two?" options="Llama; Mistral; Falcon" multi=2'], shared);
    const id = /Poll (\w+): Which two\?/.exec(created)![1]!;
    expect(created).toContain(`Vote with /poll vote ${id} up to 2 option numbers.`);
    const voted = await session([`/poll vote ${id} 1 3`, `/poll vote ${id} 1,2,3`, `/poll vote ${id} 1 x`, `/poll results ${id}`], shared);
    expect(voted).toContain('Your votes: Llama, Falcon.');
    expect(voted).toContain('This poll takes at most 2 choices; you gave 3.');
    expect(voted).toContain('Give the poll id and the numbers of your options');
    expect(voted).toMatch(/1\. Llama +█+░* 1 \(50%\)\n {2}2\. Mistral +░+ 0 \(0%\)\n {2}3\. Falcon +█+░* 1 \(50%\)/);
    expect(voted).toContain('Tie between Llama and Falcon with 1 vote each · 1 member voted.');
    // Choosing an option again removes it: then another fits.
    const changed = await session([`/poll vote ${id} 3`, `/poll vote ${id} 2`, `/poll vote ${id} 3`], shared);
    expect(changed).toContain('Your vote: Llama.\n');
    expect(changed).toContain('Your votes: Llama, Mistral.');
    expect(changed).toContain('You can choose at most 2 options in this poll, and you already have “Llama”, “Mistral”. Choose one of them again to remove it first.');
    const closed = await session([`/poll close ${id}`, `/poll close ${id}`], shared);
    expect(closed.match(/This poll was already closed\./g)).toHaveLength(1);
    expect(closed.indexOf('This poll was already closed.')).toBeGreaterThan(closed.indexOf('(closed)'));
  });

  it('aligns the bars of options whose names are CJK or emoji', async () => {
    const output = await session(['/poll create "Which?" options="日本語モデル; Llama 2 🦙; GPT-4o"']);
    const barColumns = output
      .split('\n')
      .filter((line) => /^ {2}\d\. /.test(line))
      .map((line) => displayWidth(line.slice(0, line.indexOf('░'))));
    expect(barColumns).toHaveLength(3);
    expect(new Set(barColumns).size).toBe(1);
  });

  it('names the votes a comparison accepts, and refuses a poll without options in the terminal’s own syntax', async () => {
    const output = await session(['/compare vote abc maybe', '/poll create "Only one?" options="a"']);
    expect(output).toContain('Vote a, b, tie or bad: /compare vote <match> a|b|tie|bad');
    expect(output).toContain('A poll needs at least 2 different options: options separated by semicolons (a; b; c)');
    expect(output).not.toMatch(/options:"|in this server|Click/);
  });

  it('compares answers blind, with their sources, and /sources shows them afterwards', async () => {
    const shared = services();
    const match = await session(['/compare answers blind local ollama:llama2 Is Llama 2 open?', '/sources'], shared);
    expect(match).toContain('Q: Is Llama 2 open?');
    expect(match).toContain('--- A ---\nanswer from');
    expect(match).not.toMatch(/--- A \(|blind Is Llama/);
    expect(match).toMatch(/Sources:\n\[1\] Llama 2 Community License — §2 Additional commercial terms/);
    expect(match).toContain('“more than 700 million monthly active users”');
    const matchId = /\/compare vote (\S+) a\|b/.exec(match)![1]!;
    expect(await session([`/compare vote ${matchId} tie`], shared)).toMatch(/Recorded\. A was (local|ollama:llama2), B was (local|ollama:llama2)\./);
  });

  it('says which catalog models short names were read as, merges repeated chart rows, and accepts aspect aliases', async () => {
    const output = await session(['/compare models gpt4 llama-2-70b', '/compare topic cost', '/compare topic licensing']);
    expect(output).toContain('Read "gpt4" as GPT-4 (gpt-4).');
    const cost = output.slice(output.indexOf('Open vs closed LLMs: Cost'), output.indexOf('Open vs closed LLMs: Legal'));
    expect(cost.match(/^Cost:$/gm)).toHaveLength(1);
    expect(cost).toMatch(/Open: +Generally free; costs are associated with infrastructure and maintenance\. Free or low-cost, community-supported/);
    expect(output).toContain('Open vs closed LLMs: Legal and compliance');
    expect(output).toMatch(/^Licensing:$/m);
  });

  it('compares models named the way people write them, with or without "models"', async () => {
    const output = await session(['/compare llama 2 vs mistral 7b', '/compare models gpt4o or claude sonnet 4']);
    expect(output).toMatch(/^Llama 2 70B \(llama-2-70b, open\) {2}vs {2}Mistral 7B \(mistral-7b, open\)$/m);
    expect(output).toMatch(/^GPT-4o \(gpt-4o, closed\) {2}vs {2}Claude Sonnet 4 \(claude-sonnet-4, closed\)$/m);
    expect(output).not.toContain('Usage:');
  });

  it('wraps long lines at word boundaries to the given width', async () => {
    const output = await session(['/compare topic cost', '/help'], services(), 50);
    const lines = output.split('\n');
    for (const line of lines.filter((l) => !/https?:\/\//.test(l))) expect(displayWidth(line)).toBeLessThanOrEqual(50);
    const unwrapped = await session(['/compare topic cost', '/help']);
    // The same words, none cut in two.
    expect(output.split(/\s+/).filter(Boolean)).toEqual(unwrapped.split(/\s+/).filter(Boolean));
    expect(lines.length).toBeGreaterThan(unwrapped.split('\n').length);
  });
});
