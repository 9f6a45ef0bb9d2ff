/**
 * `npm start`: the composition root. Configuration → services → an adapter: Discord when
 * DISCORD_TOKEN is set, otherwise the terminal session of the offline core. SIGINT/SIGTERM
 * shut down gracefully: backend calls in flight are aborted (their askers are told Parley is
 * restarting), the Discord client destroyed, the store closed, exit 0 — within 5 s whatever hangs.
 */
import { createServices } from './app/create-services.js';
import type { Services } from './app/services.js';
import { startBot, type RunningBot } from './discord/bot.js';
import { isShardProcess, runShardManager } from './discord/sharding.js';
import { runEntryPoint } from './terminal/entry.js';
import { runTerminal, stdoutColumns, terminalLogger } from './terminal/repl.js';

/** A shutdown that has not finished by then exits anyway (a supervisor waits for us). */
const SHUTDOWN_LIMIT_MS = 5_000;

const HOW_TO_CONNECT = [
  'Parley is running in the terminal because DISCORD_TOKEN is not set.',
  'To run it on Discord: create an application at https://discord.com/developers/applications,',
  'enable the Message Content intent under Bot, put DISCORD_TOKEN (and DISCORD_GUILD_ID for instant',
  'commands on your test server) in .env, run `npm run deploy-commands`, then `npm start` again.',
].join('\n');

await runEntryPoint(async (config) => {
  // PARLEY_SHARDS: this process only manages shards, each a child process running this file.
  if (config.shards !== undefined && !isShardProcess()) return await runShardManager(config);
  const services = await createServices(config, config.discord.token ? {} : { logger: terminalLogger(config.logLevel) });
  if (!config.discord.token) {
    // Piped input keeps stdout for answers only; the hint still reaches the person on stderr.
    if (!process.stdin.isTTY) process.stderr.write(`${HOW_TO_CONNECT}\n\n`);
    try {
      await runTerminal({ services, input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY), banner: HOW_TO_CONNECT, columns: stdoutColumns });
    } finally {
      await services.close();
    }
    return 0;
  }

  let bot: RunningBot;
  try {
    bot = await startBot(config, services);
  } catch (error) {
    await services.close();
    throw error;
  }
  // The Discord edge logs its own faults; anything that still escapes is logged, not fatal.
  process.on('unhandledRejection', (reason) => services.logger.error({ err: reason }, 'unhandled promise rejection'));
  return await new Promise<number>((resolve, reject) => {
    let stopping = false;
    /** Stops everything; exits 0 after a signal, or reports `fatal` (exit 1, no stack) once stopped. */
    const shutdown = (reason: NodeJS.Signals | 'fatal', fatal?: Error) => {
      if (stopping) return;
      stopping = true;
      services.logger.info({ signal: reason }, 'shutting down');
      services.abortInFlight();
      setTimeout(() => {
        services.logger.error({ limitMs: SHUTDOWN_LIMIT_MS }, 'shutdown did not finish in time: exiting anyway');
        process.exit(1);
      }, SHUTDOWN_LIMIT_MS).unref();
      void stopAll(bot, services).then(
        () => (fatal ? reject(fatal) : resolve(0)),
        (error: unknown) => {
          services.logger.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    // Discord closed the gateway for good (bad token, intents not allowed): nothing to wait for.
    void bot.fatal.then((error) => shutdown('fatal', error));
  });
});

async function stopAll(bot: RunningBot, services: Services): Promise<void> {
  try {
    await bot.stop();
  } finally {
    await services.close();
  }
}
