/** `npm run ask -- --backend <name> --json`: usage, costUsd and fallback in the JSON line. */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, startFakeOpenAi, type FakeProvider } from '../fakes/providers/index.js';
import { prepareDataDir, runScript, type RunResult } from '../cli/helpers.js';

const KEY = 'sk-cli-test-SECRET-0123456789';
const QUESTION = 'Can we ship Llama 2 in a product with 800M users?';

let dataDir: string;
let openai: FakeProvider;
let ollama: FakeProvider;

beforeAll(async () => {
  [dataDir, openai, ollama] = await Promise.all([prepareDataDir(), startFakeOpenAi(), startFakeOllama()]);
});

afterAll(async () => {
  await Promise.all([openai?.close(), ollama?.close()]);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function ask(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return runScript('scripts/ask.ts', args, {
    dataDir,
    env: {
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: openai.url,
      OLLAMA_BASE_URL: ollama.url,
      OLLAMA_MODELS: 'llama2',
      PARLEY_BACKEND_MAX_RETRIES: '0',
      ...env,
    },
  });
}

describe('npm run ask --backend', () => {
  it('answers with a closed backend: usage and cost from the catalog price', async () => {
    openai.behave({ kind: 'answer', text: 'Above 700 million monthly active users you need a license from Meta [1].', inputTokens: 1200, outputTokens: 40 });
    const result = await ask(['--backend', 'openai:gpt-4o', '--json', QUESTION]);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout.trim()) as Record<string, unknown>;
    expect(body).toMatchObject({ backend: 'openai:gpt-4o', usage: { inputTokens: 1200, outputTokens: 40 }, costUsd: 0.0034 });
    expect(body.answer).toBe('Above 700 million monthly active users you need a license from Meta [1].');
    expect(body.fallback).toBeUndefined();
  });

  it('answers with an open backend: costUsd null', async () => {
    const result = await ask(['--backend', 'ollama:llama2', '--json', QUESTION]);
    const body = JSON.parse(result.stdout.trim()) as Record<string, unknown>;
    expect(body).toMatchObject({ backend: 'ollama:llama2', costUsd: null });
    expect(body.usage).toMatchObject({ inputTokens: expect.any(Number), outputTokens: expect.any(Number) });
  });

  it('falls back with {from, reason}, or fails clearly with PARLEY_FALLBACK=off, never printing the key', async () => {
    openai.behave({ kind: 'status', status: 401, message: `Incorrect API key provided: ${KEY}` });
    const fellBack = await ask(['--backend', 'openai:gpt-4o', '--json', QUESTION]);
    const body = JSON.parse(fellBack.stdout.trim()) as Record<string, unknown>;
    expect(body).toMatchObject({ backend: 'local', usage: null, costUsd: null, fallback: { from: 'openai:gpt-4o', reason: 'HTTP 401 (the API key was refused)' } });

    const off = await ask(['--backend', 'openai:gpt-4o', '--json', QUESTION], { PARLEY_FALLBACK: 'off' });
    expect(off.code).toBe(1);
    expect(JSON.parse(off.stdout.trim())).toEqual({ question: QUESTION, error: 'openai:gpt-4o could not answer: HTTP 401 (the API key was refused).' });
    for (const output of [fellBack.stdout, fellBack.stderr, off.stdout, off.stderr]) expect(output).not.toContain('SECRET');
    expect(fellBack.stderr).toContain('backend call failed');
  });
});
