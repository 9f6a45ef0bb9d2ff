/**
 * `npm run ask -- "question"`: one cited answer for a person, or `--json` for a program.
 * With no question argument, questions come from stdin, one per line (one JSON line each with --json).
 * Logs go to stderr; stdout carries only answers.
 */
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import type { Services } from '../src/app/services.js';
import { parseQuestion } from '../src/answers/question.js';
import { isUserError } from '../src/core/errors.js';
import type { AnswerResult } from '../src/core/types.js';
import { runEntryPoint } from '../src/terminal/entry.js';
import { renderAnswer } from '../src/terminal/render.js';
import { terminalContext } from '../src/terminal/repl.js';

const USAGE = `Usage: npm run ask -- [--json] [--backend <name>] "question"
       npm run ask -- [--json] [--backend <name>] < questions.txt   (one question per line)`;

interface AskOptions {
  json: boolean;
  backend: string | undefined;
}

function usageError(message: string): never {
  process.stderr.write(`ask: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseCommandLine(argv: string[]): { options: AskOptions; question: string | null } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        backend: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const backend = parsed.values.backend?.trim();
  if (parsed.values.backend !== undefined && !backend) usageError('--backend needs a name, e.g. --backend local');
  const options = { json: parsed.values.json ?? false, backend };
  if (parsed.positionals.length === 0) return { options, question: null };
  try {
    return { options, question: parseQuestion(parsed.positionals.join(' ')) };
  } catch (error) {
    usageError(isUserError(error) ? error.message : String(error));
  }
}

function toJson(result: AnswerResult): string {
  return JSON.stringify({
    question: result.question,
    answer: result.answer,
    sources: result.sources.map(({ title, path, section, url, snippet, score }) => ({ title, path, section, url, snippet, score })),
    backend: result.backend,
    latencyMs: result.latencyMs,
    usage: result.usage ? { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens } : null,
    costUsd: result.costUsd,
    ...(result.fallback ? { fallback: { from: result.fallback.from, reason: result.fallback.reason } } : {}),
  });
}

async function answerOne(services: Services, question: string, options: AskOptions): Promise<boolean> {
  try {
    const result = await services.answers.ask(terminalContext(), { question, ...(options.backend ? { backend: options.backend } : {}) });
    process.stdout.write(options.json ? `${toJson(result)}\n` : `${renderAnswer(result)}\n\n`);
    return true;
  } catch (error) {
    if (!isUserError(error)) throw error;
    process.stderr.write(`ask: ${error.message}\n`);
    // Keep one output line per input line, so a program can pair them up.
    if (options.json) process.stdout.write(`${JSON.stringify({ question, error: error.message })}\n`);
    return false;
  }
}

await runEntryPoint(async (config) => {
  const { options, question } = parseCommandLine(process.argv.slice(2));
  // Loaded after the arguments are checked, so bad usage is reported without loading the index stack.
  const { createServices } = await import('../src/app/create-services.js');
  const services = await createServices(config);
  try {
    if (question !== null) return (await answerOne(services, question, options)) ? 0 : 1;
    if (process.stdin.isTTY) process.stderr.write('Reading questions from the terminal, one per line; Ctrl-D ends.\n');
    let allAnswered = true;
    for await (const line of readline.createInterface({ input: process.stdin, terminal: false })) {
      if (line.trim() === '') continue;
      allAnswered = (await answerOne(services, line, options)) && allAnswered;
    }
    return allAnswered ? 0 : 1;
  } finally {
    await services.close();
  }
});
