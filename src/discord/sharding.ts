/**
 * PARLEY_SHARDS: discord.js's ShardingManager runs the bot as shards, each a child process of
 * this one running src/main.ts (its own gateway connection, services and read-only copy of the
 * knowledge index), all sharing the PostgreSQL store of DATABASE_URL (config.ts refuses shards
 * on SQLite). The index is made ready here first, so the shards never build it at the same time.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShardingManager } from 'discord.js';
import { ConfigError, type Config } from '../config.js';
import { createLogger, type Logger } from '../core/logger.js';
import { ensureIndex } from '../retrieval/index.js';

/** True inside a shard process that a ShardingManager started (discord.js sets this variable). */
export function isShardProcess(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SHARDING_MANAGER === 'true';
}

export interface RunningShards {
  count: number;
  /** Stops every shard (each shuts down gracefully on SIGTERM) and resolves when all have exited. */
  stop(): Promise<void>;
}

/** src/main.ts under tsx, or dist/main.js when `npm start` runs the build. */
const MAIN_FILE = fileURLToPath(new URL(`../main${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/** `npm start` with PARLEY_SHARDS: runs the shards until SIGINT/SIGTERM, then stops them; the exit code. */
export async function runShardManager(config: Config): Promise<number> {
  const logger = createLogger(config.logLevel).child({ module: 'sharding' });
  const shards = await startShards(config, logger);
  logger.info({ shards: shards.count }, 'all shards are ready');
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info({ signal }, 'stopping the shards');
  await shards.stop();
  return 0;
}

export async function startShards(config: Config, logger: Logger): Promise<RunningShards> {
  const token = config.discord.token;
  if (!token) throw new ConfigError(['PARLEY_SHARDS: shards connect to Discord, so sharding needs DISCORD_TOKEN; set it, or leave PARLEY_SHARDS empty for the terminal session']);
  const index = await ensureIndex(config, logger);
  await index.close();
  const totalShards = config.shards === 'auto' ? await recommendedShardCount(config.discord.apiBaseUrl, token) : (config.shards ?? 1);
  const manager = new ShardingManager(MAIN_FILE, {
    token,
    totalShards,
    mode: 'process',
    // Shards start like this process: under tsx its loader is in process.execArgv; the build (dist/) needs none.
    execArgv: process.execArgv,
  });
  manager.on('shardCreate', (shard) => {
    logger.info({ shardId: shard.id, totalShards }, 'shard started');
    shard.on('death', () => logger.warn({ shardId: shard.id }, 'shard process exited; discord.js restarts it'));
  });
  await manager.spawn();
  return {
    count: totalShards,
    async stop() {
      await Promise.all(
        [...manager.shards.values()].map(
          (shard) =>
            new Promise<void>((resolve) => {
              const child = shard.process;
              if (!child || child.exitCode !== null) return resolve();
              // No respawn: discord.js restarts a shard whose process exits unless told otherwise.
              child.removeAllListeners('exit');
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

/**
 * Discord's recommended shard count (GET /gateway/bot), asked through DISCORD_API_BASE_URL so a
 * REST proxy sees it too (discord.js's own 'auto' always asks discord.com).
 */
export async function recommendedShardCount(apiBaseUrl: string, token: string): Promise<number> {
  const response = await fetch(`${apiBaseUrl}/v10/gateway/bot`, { headers: { Authorization: `Bot ${token}` } });
  if (!response.ok) throw new Error(`PARLEY_SHARDS=auto: Discord answered ${response.status} when asked for the recommended shard count; check DISCORD_TOKEN, or set a number of shards`);
  const body = (await response.json()) as { shards?: unknown };
  if (typeof body.shards !== 'number' || !Number.isInteger(body.shards) || body.shards < 1) throw new Error('PARLEY_SHARDS=auto: Discord did not say how many shards to run; set a number of shards');
  return body.shards;
}
