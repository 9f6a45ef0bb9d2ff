/**
 * The only module that reads the environment. Every variable is validated here with zod;
 * a wrong value fails fast with the variable's name and how to fix it.
 */
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const url = (example: string) =>
  z
    .string()
    .trim()
    .refine((value) => /^https?:\/\/[^\s]+$/.test(value), { message: `expected an http(s) URL such as ${example}` })
    .transform((value) => value.replace(/\/+$/, ''));

const optionalUrl = (example: string) =>
  z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(url(example).optional())
    .optional();

const positiveInt = (fallback: number, example: string) =>
  z.coerce
    .number({ message: `expected a whole number such as ${example}` })
    .int({ message: `expected a whole number such as ${example}` })
    .positive({ message: `expected a positive whole number such as ${example}` })
    .default(fallback);

const onOff = (fallback: 'on' | 'off') =>
  z
    .enum(['on', 'off', 'true', 'false', '1', '0'], { message: 'expected "on" or "off"' })
    .default(fallback)
    .transform((value) => value === 'on' || value === 'true' || value === '1');

const snowflake = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(
    z
      .string()
      .regex(/^\d{17,20}$/, { message: 'expected a Discord ID, a snowflake of 17 to 20 digits such as 1187654321098765432: turn on Developer Mode in Discord, then right-click the server or application → Copy ID' })
      .optional(),
  )
  .optional();

const openAiCompatibleServer = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'name must be lowercase letters, digits and dashes' }),
  baseUrl: url('http://127.0.0.1:8000/v1'),
  model: z.string().min(1),
  apiKey: z.string().optional(),
  /** Catalog id of the model it serves, e.g. "llama-2-70b". */
  catalogModel: z.string().optional(),
});

const openAiCompatibleList = z
  .string()
  .trim()
  .default('[]')
  .transform((text, ctx) => {
    if (text === '') return [];
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON array such as [{"name":"vllm","baseUrl":"http://127.0.0.1:8000/v1","model":"meta-llama/Llama-2-7b-chat-hf"}]' });
      return z.NEVER;
    }
  })
  .pipe(z.array(openAiCompatibleServer));

const envSchema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_GUILD_ID: snowflake,
  DISCORD_API_BASE_URL: url('https://discord.com/api').default('https://discord.com/api'),

  PARLEY_DATA_DIR: z.string().trim().min(1).default('data'),
  PARLEY_KNOWLEDGE_DIR: z.string().trim().min(1).default('knowledge'),
  PARLEY_DB_PATH: optionalText,
  DATABASE_URL: z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(z.string().regex(/^postgres(ql)?:\/\/\S+$/, { message: 'expected a PostgreSQL URL such as postgres://parley:secret@db.internal:5432/parley, or empty for the SQLite file' }).optional())
    .optional(),
  PARLEY_SHARDS: z
    .string()
    .trim()
    .default('')
    .refine((value) => value === '' || value === 'auto' || /^[1-9]\d{0,3}$/.test(value), { message: 'expected "auto" (Discord recommends the count), a whole number of shards such as 2, or empty for one process' })
    .transform((value) => (value === '' ? undefined : value === 'auto' ? ('auto' as const) : Number(value))),
  PARLEY_POLL_SWEEP_MS: positiveInt(15_000, '15000'),
  PARLEY_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'expected one of fatal, error, warn, info, debug, trace, silent' })
    .default('info'),

  PARLEY_EMBEDDINGS: z
    .enum(['local', 'transformers', 'openai', 'ollama'], { message: 'expected one of local, transformers, openai, ollama' })
    .default('local'),
  PARLEY_EMBEDDINGS_MODEL: optionalText,
  PARLEY_MODELS_DIR: optionalText,

  PARLEY_DEFAULT_BACKEND: z.string().trim().min(1).default('local'),
  PARLEY_FALLBACK: onOff('on'),
  PARLEY_BACKEND_TIMEOUT_MS: positiveInt(60_000, '60000'),
  PARLEY_BACKEND_MAX_RETRIES: z.coerce.number({ message: 'expected a whole number from 0 to 5' }).int().min(0).max(5, { message: 'expected a whole number from 0 to 5' }).default(2),
  PARLEY_HISTORY_MESSAGES: positiveInt(10, '10'),
  PARLEY_RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ message: 'expected a whole number of generative answers per member per minute, such as 6 (0 turns the limit off)' })
    .int({ message: 'expected a whole number such as 6 (0 turns the limit off)' })
    .min(0, { message: 'expected a whole number such as 6 (0 turns the limit off)' })
    .default(6),
  PARLEY_DAILY_BUDGET_USD: z
    .string()
    .trim()
    .default('')
    .refine((value) => value === '' || (/^\d+(\.\d+)?$/.test(value) && Number(value) > 0), { message: 'expected a positive amount in US dollars such as 5 or 2.50, or empty for no cap' })
    .transform((value) => (value === '' ? undefined : Number(value))),

  OLLAMA_BASE_URL: url('http://127.0.0.1:11434').default('http://127.0.0.1:11434'),
  OLLAMA_MODELS: z
    .string()
    .default('')
    .transform((text) => text.split(',').map((model) => model.trim()).filter(Boolean)),
  PARLEY_OPENAI_COMPATIBLE: openAiCompatibleList,

  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalUrl('https://api.openai.com/v1'),
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: optionalUrl('https://api.anthropic.com'),
  GOOGLE_API_KEY: optionalText,
  GOOGLE_BASE_URL: optionalUrl('https://generativelanguage.googleapis.com'),
});

export type Env = z.infer<typeof envSchema>;
export type OpenAiCompatibleServer = z.infer<typeof openAiCompatibleServer>;

export interface Config {
  discord: {
    token: string | undefined;
    applicationId: string | undefined;
    guildId: string | undefined;
    apiBaseUrl: string;
  };
  dataDir: string;
  knowledgeDir: string;
  dbPath: string;
  /** PostgreSQL for shared state (several processes, shards or hosts); undefined: the SQLite file at dbPath. */
  databaseUrl: string | undefined;
  /** discord.js ShardingManager: 'auto', a count, or undefined for one process without a manager. */
  shards: 'auto' | number | undefined;
  /** How often each process looks for overdue polls (deadlines of polls another process created). */
  pollSweepMs: number;
  modelsDir: string;
  logLevel: Env['PARLEY_LOG_LEVEL'];
  embeddings: { provider: Env['PARLEY_EMBEDDINGS']; model: string | undefined };
  backends: {
    defaultBackend: string;
    fallback: boolean;
    timeoutMs: number;
    maxRetries: number;
    ollama: { baseUrl: string; models: string[] };
    openAiCompatible: OpenAiCompatibleServer[];
    openai: { apiKey: string | undefined; baseUrl: string | undefined };
    anthropic: { apiKey: string | undefined; baseUrl: string | undefined };
    google: { apiKey: string | undefined; baseUrl: string | undefined };
  };
  historyMessages: number;
  /** Limits on generative (possibly paid) backends; `local` is never limited. */
  limits: { memberAnswersPerMinute: number; dailyBudgetUsd: number | undefined };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Parley's configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix these in your environment or in .env (see .env.example).`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Read `.env` from the working directory first (entry points do; tests pass their own env). */
  dotenv?: boolean;
  cwd?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  if (options.dotenv) dotenv.config({ quiet: true });
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = issue.path.length > 0 ? String(issue.path[0]) : 'environment';
        const detail = issue.path.length > 1 ? ` (at ${issue.path.slice(1).join('.')})` : '';
        return `${variable}${detail}: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  if (e.PARLEY_SHARDS !== undefined && !e.DATABASE_URL) {
    throw new ConfigError([
      `PARLEY_SHARDS: sharding runs each shard as its own process, and the SQLite file is one process's store; set DATABASE_URL to a PostgreSQL database (postgres://…) that every shard shares, or leave PARLEY_SHARDS empty for one process`,
    ]);
  }
  const cwd = options.cwd ?? process.cwd();
  const dataDir = path.resolve(cwd, e.PARLEY_DATA_DIR);
  return {
    discord: {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      guildId: e.DISCORD_GUILD_ID,
      apiBaseUrl: e.DISCORD_API_BASE_URL,
    },
    dataDir,
    knowledgeDir: path.resolve(cwd, e.PARLEY_KNOWLEDGE_DIR),
    dbPath: e.PARLEY_DB_PATH === ':memory:' ? ':memory:' : path.resolve(dataDir, e.PARLEY_DB_PATH ?? 'parley.sqlite'),
    databaseUrl: e.DATABASE_URL,
    shards: e.PARLEY_SHARDS,
    pollSweepMs: e.PARLEY_POLL_SWEEP_MS,
    modelsDir: path.resolve(dataDir, e.PARLEY_MODELS_DIR ?? 'models'),
    logLevel: e.PARLEY_LOG_LEVEL,
    embeddings: { provider: e.PARLEY_EMBEDDINGS, model: e.PARLEY_EMBEDDINGS_MODEL },
    backends: {
      defaultBackend: e.PARLEY_DEFAULT_BACKEND,
      fallback: e.PARLEY_FALLBACK,
      timeoutMs: e.PARLEY_BACKEND_TIMEOUT_MS,
      maxRetries: e.PARLEY_BACKEND_MAX_RETRIES,
      ollama: { baseUrl: e.OLLAMA_BASE_URL, models: e.OLLAMA_MODELS },
      openAiCompatible: e.PARLEY_OPENAI_COMPATIBLE,
      openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL },
      anthropic: { apiKey: e.ANTHROPIC_API_KEY, baseUrl: e.ANTHROPIC_BASE_URL },
      google: { apiKey: e.GOOGLE_API_KEY, baseUrl: e.GOOGLE_BASE_URL },
    },
    historyMessages: e.PARLEY_HISTORY_MESSAGES,
    limits: { memberAnswersPerMinute: e.PARLEY_RATE_LIMIT_PER_MINUTE, dailyBudgetUsd: e.PARLEY_DAILY_BUDGET_USD },
  };
}
