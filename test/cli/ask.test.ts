import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { prepareDataDir, ROOT, runScript } from './helpers.js';

let dataDir: string;

beforeAll(async () => {
  dataDir = await prepareDataDir();
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// Spawning a process loads the whole service stack, so the process tests share one prepared data dir.
describe('npm run ask', () => {
  it('--json prints one JSON object with the answer, its sources and the backend', async () => {
    const result = await runScript('scripts/ask.ts', ['--json', 'Can we ship Llama 2 in a product with 800M users?'], { dataDir });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const body = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['question', 'answer', 'sources', 'backend', 'latencyMs']));
    expect(body.question).toBe('Can we ship Llama 2 in a product with 800M users?');
    expect(body.backend).toBe('local');
    expect(typeof body.latencyMs).toBe('number');
    expect(body.answer).toMatch(/700 million|700M/); // the cap, in the license's words or the catalog's
    expect(body.answer).toMatch(/\[1\]/);
    const sources = body.sources as Array<Record<string, unknown>>;
    expect(sources.length).toBeGreaterThan(0);
    expect(Object.keys(sources[0] ?? {})).toEqual(['title', 'path', 'section', 'url', 'snippet', 'score']);
    expect(sources.map((s) => s.path)).toContain('licenses/llama-2.md');
  });

  it('reads questions from stdin, one per line, and writes one JSON line per question in order', async () => {
    const questions = ['Is Mistral 7B under Apache 2.0?', "What's the weather in Paris?", 'Does OpenAI train on our API data?'];
    const result = await runScript('scripts/ask.ts', ['--json'], { dataDir, stdin: `${questions[0]}\n\n${questions[1]}\n${questions[2]}\n` });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { question: string; answer: string; sources: unknown[] });
    expect(lines.map((line) => line.question)).toEqual(questions);
    expect(lines[0]?.answer).toMatch(/Apache/);
    // off-topic: said plainly, no sources
    expect(lines[1]?.sources).toEqual([]);
    expect(lines[1]?.answer).toMatch(/doesn't cover/);
    expect(lines[2]?.answer).toMatch(/OpenAI/);
  });

  it('stops quietly when the reader of its output goes away early (`| head -1`)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ask.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PARLEY_DATA_DIR: dataDir, PARLEY_LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
    // Like `head -1`: read the first chunk of the answers, then close the pipe while more are coming.
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end(`${'Is Mistral 7B under Apache 2.0?\n'.repeat(200)}`);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at /);
    expect(code).toBe(0);
  });

  it('prints the answer and numbered sources for a person', async () => {
    const result = await runScript('scripts/ask.ts', ['What attribution file must ship with Llama 2 weights?'], { dataDir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Notice/);
    expect(result.stdout).toMatch(/Sources:\n\[1\] Llama 2 Community License — §1\.b\.iii/);
    expect(result.stdout).toMatch(/\(local · \d+ ms\)/);
  });

  it('bad usage exits non-zero with a message on stderr and nothing on stdout', async () => {
    const unknownFlag = await runScript('scripts/ask.ts', ['--frobnicate', 'question'], { dataDir });
    expect(unknownFlag.code).not.toBe(0);
    expect(unknownFlag.stderr).toMatch(/Unknown option '--frobnicate'/);
    expect(unknownFlag.stderr).toMatch(/Usage: npm run ask/);
    expect(unknownFlag.stdout).toBe('');

    const empty = await runScript('scripts/ask.ts', ['--json', '   '], { dataDir });
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toMatch(/Please ask a question/);
    expect(empty.stdout).toBe('');

    const tooLong = await runScript('scripts/ask.ts', ['x'.repeat(4001)], { dataDir });
    expect(tooLong.code).not.toBe(0);
    expect(tooLong.stderr).toMatch(/4,001 characters.*4,000/);
  });
});

describe('npm run chat with piped input', () => {
  it('answers each question, stops at /quit and exits 0', async () => {
    const stdin = 'Can we ship Llama 2 in a product with 800M users?\nIs Falcon 40B under Apache 2.0?\n/quit\nThis line comes after /quit\n';
    const result = await runScript('src/terminal/chat.ts', [], { dataDir, stdin });
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^Sources:$/gm)).toHaveLength(2);
    expect(result.stdout).toMatch(/700 million|700M/);
    expect(result.stdout).toMatch(/Apache/);
    expect(result.stdout).toMatch(/Bye\./);
    expect(result.stdout).not.toMatch(/after \/quit/);
  });
});
