import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.js';
import { parseQuestion } from '../../src/answers/question.js';
import { createLogger } from '../../src/core/logger.js';
import type { AnswerResult, AskInput, RequestContext } from '../../src/core/types.js';
import { parseCommandLine } from '../../src/terminal/dispatch.js';
import { runTerminal } from '../../src/terminal/repl.js';

/** Services with a scripted answers service: the terminal adapter is what is under test here. */
function fakeServices(asked: Array<{ ctx: RequestContext; input: AskInput }>): Services {
  const answers = {
    async ask(ctx: RequestContext, input: AskInput): Promise<AnswerResult> {
      const question = parseQuestion(input.question);
      asked.push({ ctx, input });
      return {
        question,
        answer: `Answer to "${question}" [1]. Llama 2 may be used commercially unless the product had more than 700 million monthly active users on the release date [1].`,
        sources: [{ n: 1, title: 'Llama 2 Community License', section: '§2 Additional commercial terms', path: 'licenses/llama-2.md', url: 'https://ai.meta.com/llama/license/', snippet: 'more than 700 million monthly active users', score: 0.9 }],
        backend: 'local',
        latencyMs: 3,
        covered: true,
        usage: null,
        costUsd: null,
      };
    },
  };
  return { answers, logger: createLogger('silent'), config: { historyMessages: 4 } } as unknown as Services;
}

async function session(lines: string[], columns?: number): Promise<{ output: string; asked: Array<{ ctx: RequestContext; input: AskInput }> }> {
  const asked: Array<{ ctx: RequestContext; input: AskInput }> = [];
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.setEncoding('utf8').on('data', (data: string) => (text += data));
  input.end(lines.map((line) => `${line}\n`).join(''));
  await runTerminal({ services: fakeServices(asked), input, output, interactive: false, ...(columns ? { columns } : {}) });
  return { output: text, asked };
}

describe('terminal adapter', () => {
  it('answers plain lines and /ask, and ends at end of input', async () => {
    const { output, asked } = await session(['Can we use Llama 2?', '', '/ask Is Falcon 40B Apache 2.0?']);
    expect(asked.map((a) => a.input.question)).toEqual(['Can we use Llama 2?', 'Is Falcon 40B Apache 2.0?']);
    expect(asked[0]?.ctx).toMatchObject({ guildId: null, channelId: 'terminal' });
    expect(output).toContain('Answer to "Can we use Llama 2?" [1].');
    expect(output).toContain('[1] Llama 2 Community License — §2 Additional commercial terms');
    expect(output).toContain('(local · 3 ms)');
  });

  it('keeps the conversation: each question carries the session’s earlier turns, the last PARLEY_HISTORY_MESSAGES of them', async () => {
    const { asked } = await session(['What license is Falcon 40B under?', 'and its user cap?', '/help', 'who makes it?']);
    expect(asked.map((a) => a.input.history?.map((turn) => turn.role))).toEqual([[], ['user', 'assistant'], ['user', 'assistant', 'user', 'assistant']]);
    expect(asked[1]?.input.history?.[0]).toEqual({ role: 'user', content: 'What license is Falcon 40B under?' });
    expect(asked[1]?.input.history?.[1]?.content).toMatch(/^Answer to "What license is Falcon 40B under\?"/);
    const { asked: longer } = await session(['q1?', 'q2?', 'q3?', 'q4?']);
    expect(longer[3]?.input.history?.map((turn) => turn.content.slice(0, 14))).toEqual(['q2?', 'Answer to "q2?', 'q3?', 'Answer to "q3?']);
  });

  it('/sources shows the last answer’s sources with snippets; /help lists the command table', async () => {
    const { output } = await session(['/sources', 'Can we use Llama 2?', '/sources', '/help']);
    expect(output).toContain('No answer yet');
    expect(output).toContain('“more than 700 million monthly active users”');
    expect(output).toMatch(/\/ask <question>\s+Answer a question/);
    expect(output).toMatch(/\/quit\s+End the session/);
  });

  it('stops at /quit, explains unknown commands and bad questions, and keeps going after errors', async () => {
    const { output, asked } = await session(['/frobnicate', '/ask', 'first', '/QUIT', 'never asked']);
    expect(output).toContain('Unknown command /frobnicate. Type /help for the list.');
    expect(output).toContain('Please ask a question');
    expect(asked.map((a) => a.input.question)).toEqual(['first']);
    expect(output).toContain('Bye.');
  });

  it('suggests the nearest command for a typo', async () => {
    const { output } = await session(['/hlep', '/sorces', '/xyzzy']);
    expect(output).toContain('Unknown command /hlep. Did you mean /help? Type /help for the list.');
    expect(output).toContain('Unknown command /sorces. Did you mean /sources?');
    expect(output).toContain('Unknown command /xyzzy. Type /help for the list.');
  });

  it('wraps answers and /help to a fixed width without breaking words or citation markers', async () => {
    const { output } = await session(['Can we use Llama 2?', '/help'], 40);
    for (const line of output.split('\n').filter((l) => !l.includes('https://'))) expect(line.length).toBeLessThanOrEqual(40);
    expect(output).toContain('the product had more than 700 million\nmonthly active users on the release\ndate [1].');
    expect(output).not.toMatch(/\[\n|\n1\]|monthl\n|^\[1\]\.$/m);
    // A wrapped source line continues under its text, not under its number.
    expect(output).toMatch(/^\[1\] Llama 2 Community License — §2\n {4}Additional commercial terms$/m);
    const piped = await session(['Can we use Llama 2?']);
    expect(piped.output).toContain('more than 700 million monthly active users on the release date [1].');
  });

  it('parses /commands case-insensitively and keeps the arguments', () => {
    expect(parseCommandLine('/Ask  what about  Gemma? ')).toEqual({ name: 'ask', args: 'what about  Gemma?' });
    expect(parseCommandLine('what is /ask')).toBeNull();
  });
});
