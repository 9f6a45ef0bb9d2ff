import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has working defaults with an empty environment', () => {
    const config = loadConfig({}, { cwd: '/srv/parley' });
    expect(config.discord.token).toBeUndefined();
    expect(config.discord.apiBaseUrl).toBe('https://discord.com/api');
    expect(config.dataDir).toBe(path.resolve('/srv/parley/data'));
    expect(config.knowledgeDir).toBe(path.resolve('/srv/parley/knowledge'));
    expect(config.dbPath).toBe(path.resolve('/srv/parley/data/parley.sqlite'));
    expect(config.embeddings.provider).toBe('local');
    expect(config.backends).toMatchObject({ defaultBackend: 'local', fallback: true, timeoutMs: 60_000, maxRetries: 2, openAiCompatible: [] });
    expect(config.backends.ollama).toEqual({ baseUrl: 'http://127.0.0.1:11434', models: [] });
    expect(config.historyMessages).toBe(10);
  });

  it('names the variable and what is expected for a non-numeric timeout', () => {
    const problems = problemsOf({ PARLEY_BACKEND_TIMEOUT_MS: 'abc' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PARLEY_BACKEND_TIMEOUT_MS: .*whole number/);
  });

  it('shares state through DATABASE_URL and refuses shards without it, saying why and how to fix it', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(loadConfig({}).shards).toBeUndefined();
    const shared = loadConfig({ DATABASE_URL: 'postgres://parley:secret@db:5432/parley', PARLEY_SHARDS: '4', PARLEY_POLL_SWEEP_MS: '500' });
    expect(shared).toMatchObject({ databaseUrl: 'postgres://parley:secret@db:5432/parley', shards: 4, pollSweepMs: 500 });
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/parley', PARLEY_SHARDS: 'auto' }).shards).toBe('auto');

    const noDatabase = problemsOf({ PARLEY_SHARDS: '2' });
    expect(noDatabase[0]).toMatch(/^PARLEY_SHARDS: .*SQLite file is one process's store; set DATABASE_URL/);
    expect(problemsOf({ DATABASE_URL: 'mysql://db/parley' })[0]).toMatch(/^DATABASE_URL: expected a PostgreSQL URL/);
    expect(problemsOf({ DATABASE_URL: 'postgres://u:hunter2@db/x', PARLEY_SHARDS: 'many' })[0]).toMatch(/^PARLEY_SHARDS: expected "auto".*a whole number/);
    expect(JSON.stringify(problemsOf({ DATABASE_URL: 'postgres://u:hunter2@db/x', PARLEY_SHARDS: '0' }))).not.toMatch(/hunter2/);
  });

  it('refuses a non-http Discord API URL, naming the variable', () => {
    const problems = problemsOf({ DISCORD_API_BASE_URL: 'ftp://x' });
    expect(problems[0]).toMatch(/^DISCORD_API_BASE_URL: expected an http\(s\) URL/);
  });

  it('explains malformed PARLEY_OPENAI_COMPATIBLE JSON and a bad entry inside it', () => {
    expect(problemsOf({ PARLEY_OPENAI_COMPATIBLE: '[{name:' })[0]).toMatch(/^PARLEY_OPENAI_COMPATIBLE: expected a JSON array/);
    const inner = problemsOf({ PARLEY_OPENAI_COMPATIBLE: '[{"name":"vllm","baseUrl":"not a url","model":"m"}]' });
    expect(inner[0]).toMatch(/^PARLEY_OPENAI_COMPATIBLE \(at 0\.baseUrl\): expected an http\(s\) URL/);
  });

  it('reports every wrong variable at once, and the message says where to fix them', () => {
    try {
      loadConfig({ PARLEY_EMBEDDINGS: 'word2vec', PARLEY_FALLBACK: 'maybe', DISCORD_GUILD_ID: 'my-server' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('PARLEY_EMBEDDINGS: expected one of local, transformers, openai, ollama');
      expect(message).toContain('PARLEY_FALLBACK: expected "on" or "off"');
      expect(message).toContain('DISCORD_GUILD_ID: expected a Discord ID');
      expect(message).toContain('.env.example');
    }
  });

  it('a Discord ID must be a snowflake: 17 to 20 digits, and the message says so', () => {
    expect(problemsOf({ DISCORD_APPLICATION_ID: '123' })).toEqual([expect.stringMatching(/^DISCORD_APPLICATION_ID: expected a Discord ID, a snowflake of 17 to 20 digits/)]);
    expect(problemsOf({ DISCORD_GUILD_ID: '1187654321098765432x' })[0]).toMatch(/^DISCORD_GUILD_ID: .*17 to 20 digits.*Copy ID/);
    const config = loadConfig({ DISCORD_APPLICATION_ID: '81384788765712384', DISCORD_GUILD_ID: ' 1187654321098765432 ' });
    expect([config.discord.applicationId, config.discord.guildId]).toEqual(['81384788765712384', '1187654321098765432']);
  });

  it('parses lists, switches and URLs', () => {
    const config = loadConfig({
      OLLAMA_MODELS: ' llama2, mistral ,,',
      PARLEY_FALLBACK: 'off',
      OPENAI_BASE_URL: 'http://127.0.0.1:9999/v1/',
      PARLEY_OPENAI_COMPATIBLE: '[{"name":"vllm","baseUrl":"http://127.0.0.1:8000/v1","model":"meta-llama/Llama-2-7b-chat-hf"}]',
      PARLEY_DB_PATH: ':memory:',
    });
    expect(config.backends.ollama.models).toEqual(['llama2', 'mistral']);
    expect(config.backends.fallback).toBe(false);
    expect(config.backends.openai.baseUrl).toBe('http://127.0.0.1:9999/v1');
    expect(config.backends.openAiCompatible[0]?.name).toBe('vllm');
    expect(config.dbPath).toBe(':memory:');
  });

  it('.env.example documents every variable and loads as it is', () => {
    const example = fs.readFileSync(path.join(import.meta.dirname, '..', '.env.example'), 'utf8');
    const schemaSource = fs.readFileSync(path.join(import.meta.dirname, '..', 'src', 'config.ts'), 'utf8');
    const variables = [...schemaSource.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
    expect(variables.length).toBeGreaterThan(20);
    const documented = dotenv.parse(example);
    for (const variable of variables) expect(Object.keys(documented), variable).toContain(variable);
    expect(() => loadConfig(documented)).not.toThrow();
  });
});
