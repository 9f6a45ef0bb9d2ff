import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { Services } from '../../src/app/services.js';
import { createLogger } from '../../src/core/logger.js';
import { loadCatalog } from '../../src/knowledge/catalog.js';
import { runTerminal } from '../../src/terminal/repl.js';

/** Services whose poll and compare calls are spies: incomplete commands must be answered before reaching them. */
function spyServices() {
  const polls = { closeOverdue: vi.fn(async () => 0), vote: vi.fn(), close: vi.fn(), results: vi.fn() };
  const compare = { compareModels: vi.fn() };
  const answers = { ask: vi.fn() };
  const catalog = loadCatalog(path.join(import.meta.dirname, '../../knowledge'));
  const services = { polls, compare, answers, catalog, logger: createLogger('silent') } as unknown as Services;
  return { services, polls, compare, answers };
}

async function run(services: Services, lines: string[]): Promise<string[]> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.setEncoding('utf8').on('data', (data: string) => (text += data));
  input.end(lines.map((line) => `${line}\n`).join(''));
  await runTerminal({ services, input, output, interactive: false });
  return text.split('\n\n').filter(Boolean);
}

describe('terminal commands with missing or bad arguments', () => {
  it('/poll vote without an id or with a non-number option explains the syntax instead of "poll deleted"', async () => {
    const { services, polls } = spyServices();
    const replies = await run(services, ['/poll vote', '/poll vote ab12cd34', '/poll vote ab12cd34 abc', '/poll vote ab12cd34 0']);
    expect(replies).toHaveLength(4);
    for (const reply of replies) {
      expect(reply).toContain('/poll vote <id> 1');
      expect(reply).not.toMatch(/deleted|not part of this poll/);
    }
    expect(polls.vote).not.toHaveBeenCalled();
  });

  it('/poll results and /poll close without an id ask for the id instead of searching for ""', async () => {
    const { services, polls } = spyServices();
    const [results, close] = await run(services, ['/poll results', '/poll close']);
    expect(results).toContain('Give the poll id, e.g. /poll results <id>');
    expect(close).toContain('Give the poll id, e.g. /poll close <id>');
    expect(`${results}${close}`).not.toContain('id ""');
    expect(polls.results).not.toHaveBeenCalled();
    expect(polls.close).not.toHaveBeenCalled();
  });

  it('/poll vote with an id and a number reaches the poll service with a 0-based option', async () => {
    const { services, polls } = spyServices();
    const poll = { id: 'ab12cd34', maxChoices: 1, options: [{ label: 'yes' }, { label: 'no' }] };
    polls.results.mockResolvedValue({ poll });
    polls.vote.mockResolvedValue({ poll, choices: [1] });
    const [reply] = await run(services, ['/poll vote ab12cd34 2']);
    expect(polls.vote).toHaveBeenCalledWith(expect.anything(), 'ab12cd34', 1, { typed: true });
    expect(reply).toBe('Your vote: no.');
  });

  it('/compare models with one model shows the terminal syntax, not the Discord a:/b: options', async () => {
    const { services, compare } = spyServices();
    const [one, four] = await run(services, ['/compare models llama-2-70b', '/compare models a b c d']);
    for (const reply of [one, four]) {
      expect(reply).toContain('/compare models llama-2-70b gpt-4o');
      expect(reply).not.toContain('a:llama');
    }
    expect(compare.compareModels).not.toHaveBeenCalled();
  });

  it('a lone "/" is not sent to the answerer as a question', async () => {
    const { services, answers } = spyServices();
    const [reply] = await run(services, ['/']);
    expect(reply).toContain('/help');
    expect(answers.ask).not.toHaveBeenCalled();
  });
});
