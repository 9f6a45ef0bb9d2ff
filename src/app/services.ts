/**
 * Everything the adapters (Discord, terminal) may call. Built once in create-services.ts,
 * closed once on shutdown. No discord.js types here.
 */
import type { Config } from '../config.js';
import type { Logger } from '../core/logger.js';
import type { SqliteDatabase } from '../store/database.js';

export interface Services {
  config: Config;
  logger: Logger;
  db: SqliteDatabase;
  // Each feature adds its service here (answers, backends, polls, compare, arena, usage…).
  close(): Promise<void>;
}
