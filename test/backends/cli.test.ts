/** `npm run ask -- --backend <name> --json`: usage, costUsd and fallback in the JSON line. */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedUrl, startFakeOllama, startFakeOpenAi, type FakeOllama, type FakeProvider } from '../fakes/providers/index.js';
import { prepareDataDir, runScript, type RunResult } from '../cli/helpers.js';

const KEY = 'sk-cli-test-SECRET-0123456789';
const QUESTION = 'Can we ship Llama 2 in a product with 800M users?';

let dataDir: string;
let openai: FakeProvider;
let ollama: FakeOllama;

beforeAll(async () => {
  [dataDir, openai, ollama] = await Promise.all([
    prepareDataDir(),
    startFakeOpenAi(),
    startFakeOllama(undefined, [
      { name: 'llama2:latest', size: 3_826_793_677 },
      { name: 'qwen2.5:0.5b', size: 397_821_319 },
    ]),
  ]);
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

  it('answers with any model pulled on Ollama (found in /api/tags, no OLLAMA_MODELS): usage, costUsd null', async () => {
    ollama.behave({ kind: 'answer', text: 'Above 700 million monthly active users you need a license from Meta [1].', inputTokens: 900, outputTokens: 25 });
    const result = await ask(['--backend', 'ollama:qwen2.5:0.5b', '--json', QUESTION]);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout.trim()) as Record<string, unknown>;
    expect(body).toMatchObject({ backend: 'ollama:qwen2.5:0.5b', costUsd: null, usage: { inputTokens: 900, outputTokens: 25 } });
    expect(body.fallback).toBeUndefined();
    expect(ollama.requests.at(-1)?.body).toMatchObject({ model: 'qwen2.5:0.5b' });
  });

  it('falls back with the reason when the model is not pulled or Ollama is down', async () => {
    const notPulled = JSON.parse((await ask(['--backend', 'ollama:phi3', '--json', QUESTION])).stdout.trim()) as Record<string, unknown>;
    expect(notPulled).toMatchObject({ backend: 'local', fallback: { from: 'ollama:phi3', reason: 'phi3 is not pulled: run `ollama pull phi3` on the Ollama host' } });

    const down = await refusedUrl();
    const unreachable = JSON.parse((await ask(['--backend', 'ollama:llama2', '--json', QUESTION], { OLLAMA_BASE_URL: down })).stdout.trim()) as Record<string, unknown>;
    expect(unreachable).toMatchObject({
      backend: 'local',
      fallback: { from: 'ollama:llama2', reason: `Ollama is not reachable at ${down} (connection refused); start it, or set OLLAMA_BASE_URL` },
    });
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
