/**
 * Boots the real Parley bot (real config, real services, real discord.js client) against a fresh
 * fake Discord. One per test file (beforeAll) keeps e2e runs fast:
 *
 *   const h = await startBot();                        // or startBot({ env: { DISCORD_GUILD_ID: … } })
 *   const at = h.fake.interact(h.fake.slash('ask', { question: 'Is Llama 2 open source?' }));
 *   const edit = await h.fake.waitFor((r) => r.method === 'PATCH' && r.path.endsWith('@original'), { since: at });
 *   …
 *   await h.stop();                                    // afterAll
 *
 * `h.clientErrors` collects the client's 'error' events; `h.fake.unknownRoutes` the 404s.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { Events } from 'discord.js';
import { createLogger } from '../../../src/core/logger.js';
import { createServices } from '../../../src/app/create-services.js';
import type { Services } from '../../../src/app/services.js';
import { loadConfig, type Config } from '../../../src/config.js';
import { startBot as startParleyBot, type BotOptions, type RunningBot } from '../../../src/discord/bot.js';
import { startFakeDiscord, type FakeDiscord } from './server.js';

export const REPO_KNOWLEDGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../knowledge');

export interface StartBotOptions extends BotOptions {
  /** Extra environment (merged over the harness defaults; the host's environment is not read). */
  env?: Record<string, string | undefined>;
  /** Level of the captured log (h.logs); default 'warn'. */
  logLevel?: string;
  /** Adjust the services after they are built (e.g. wrap a method) — before the bot starts. */
  beforeStart?(services: Services): void | Promise<void>;
}

export interface BotHarness {
  fake: FakeDiscord;
  bot: RunningBot;
  services: Services;
  config: Config;
  /** Parsed pino log lines at `logLevel` or above (errors carry their errorId). */
  logs: Array<Record<string, unknown>>;
  /** Everything the client emitted on 'error' (should stay empty). */
  clientErrors: unknown[];
  dataDir: string;
  /** Destroys the client, closes the services, stops the fake, removes the temp data dir. */
  stop(): Promise<void>;
}

export async function startBot(options: StartBotOptions = {}): Promise<BotHarness> {
  const fake = await startFakeDiscord();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-e2e-'));
  let services: Services | undefined;
  try {
    const config = loadConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.world.applicationId,
      DISCORD_API_BASE_URL: fake.apiBaseUrl,
      PARLEY_DATA_DIR: dataDir,
      PARLEY_KNOWLEDGE_DIR: REPO_KNOWLEDGE_DIR,
      PARLEY_LOG_LEVEL: process.env.PARLEY_LOG_LEVEL ?? 'silent',
      ...options.env,
    });
    const logs: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    services = await createServices(config, { logger: createLogger(options.logLevel ?? 'warn', sink) });
    await options.beforeStart?.(services);
    const clientErrors: unknown[] = [];
    const bot = await startParleyBot(config, services, { readyTimeoutMs: 10_000, ...options });
    bot.client.on(Events.Error, (error) => clientErrors.push(error));
    const started = services;
    return {
      fake,
      bot,
      services: started,
      config,
      logs,
      clientErrors,
      dataDir,
      async stop() {
        try {
          await bot.stop();
          await started.close();
        } finally {
          await fake.stop();
          await fs.rm(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await services?.close();
    await fake.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
