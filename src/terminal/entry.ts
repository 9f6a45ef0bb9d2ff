/**
 * Shared start-up for command-line entry points: read .env and the environment, report a
 * configuration problem in plain words (exit 1), otherwise run `main` and exit with its code.
 */
import { ConfigError, loadConfig, type Config } from '../config.js';
import { isUserError } from '../core/errors.js';

export async function runEntryPoint(main: (config: Config) => Promise<number>): Promise<void> {
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
    process.stderr.write(isUserError(error) ? `${error.message}\n` : `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
