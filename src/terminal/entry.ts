/**
 * Shared start-up for command-line entry points: read .env and the environment, report a
 * configuration or catalog problem in plain words (exit 1), otherwise run `main` and exit with its code.
 */
import { ConfigError, loadConfig, type Config } from '../config.js';
import { isUserError } from '../core/errors.js';
import { CatalogError } from '../knowledge/catalog.js';

export async function runEntryPoint(main: (config: Config) => Promise<number>): Promise<void> {
  // A reader that stops early (`npm run ask … | head -3`) closes the pipe: stop quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  let config: Config;
  try {
    config = loadConfig(process.env, { dotenv: true });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  try {
    process.exitCode = await main(config);
  } catch (error) {
    // A bad catalog or setting found after start-up is the user's to fix, not a bug: no stack trace.
    const plain = isUserError(error) || error instanceof CatalogError || error instanceof ConfigError;
    const hint = error instanceof CatalogError ? `\nThe knowledge directory is ${config.knowledgeDir} (PARLEY_KNOWLEDGE_DIR).` : '';
    process.stderr.write(plain ? `${error.message}${hint}\n` : `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    // What lies under a plain message (e.g. the network error behind "Could not reach Discord"), for debugging.
    if (plain && config.logLevel === 'debug' && error.cause instanceof Error) process.stderr.write(`Caused by: ${error.cause.stack ?? error.cause.message}\n`);
    process.exitCode = 1;
  }
}
