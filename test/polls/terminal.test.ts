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
import { parseArgs } from '../../src/terminal/commands/poll.js';
import { runTerminal } from '../../src/terminal/repl.js';

const knowledgeDir = path.resolve('knowledge');

function services(): Services {
  const db = openDatabase(':memory:');
  const catalog = loadCatalog(knowledgeDir);
  const titleOf = documentTitles(knowledgeDir);
  const arena = new ArenaService({
    repository: new SqliteArenaRepository(db),
    retriever: { search: async () => [] },
    backends: {
      resolve: (name) => name,
      assertAllowed: () => undefined,
      answer: async (backend) => ({ answer: `answer from ${backend}`, sources: [] }),
    },
    coinFlip: () => false,
  });
  return {
    logger: createLogger('silent'),
    polls: new PollService({ repository: new SqlitePollRepository(db), catalog, titleOf }),
    compare: new CompareService({ catalog, knowledgeDir, titleOf }),
    arena,
  } as unknown as Services;
}

async function session(lines: string[], shared: Services = services()): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.setEncoding('utf8').on('data', (data: string) => (text += data));
  input.end(lines.map((line) => `${line}\n`).join(''));
  await runTerminal({ services: shared, input, output, interactive: false });
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
    expect(match).toContain('--- A (local) ---\nanswer from local');
    const matchId = /\/compare vote (\S+) a\|b/.exec(match)![1]!;
    const board = await session([`/compare vote ${matchId} b`, '/leaderboard'], shared);
    expect(board).toContain('Recorded. A was local, B was ollama:llama2.');
    expect(board).toMatch(/ 1\. ollama:llama2 +\d+ +1 W {2}0 L {2}0 T {2}1 votes/);
  });

  it('compares models and topics in plain text, and refuses an unknown model with suggestions', async () => {
    const output = await session(['/compare models llama-2-70b gpt-4o', '/compare topic privacy', '/compare models llama-2-70 gpt-4o']);
    expect(output).toMatch(/User caps:\n {2}Llama 2 70B: .*700.*\[\d+\]/);
    expect(output).toMatch(/\[\d+\] Llama 2 Community License — §2/);
    expect(output).toContain('Open vs closed LLMs: Privacy and data');
    expect(output).toMatch(/I don't know the model "llama-2-70"\. Did you mean/);
  });
});
