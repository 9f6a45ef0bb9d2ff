/**
 * Starts Parley on Discord: the client, the interaction router, conversations, and logging of
 * everything that can go wrong at the Discord edge (without ever crashing the process).
 */
import { Events, RESTEvents, type Client } from 'discord.js';
import type { Services } from '../app/services.js';
import type { Config } from '../config.js';
import type { ComponentHandler, SlashCommand } from './command.js';
import { createAckFirstScheduler } from './ack-first.js';
import { createDiscordClient, inviteUrl } from './client.js';
import { commands as allCommands } from './commands/index.js';
import { components as allComponents } from './components/index.js';
import { createConversationHandler } from './conversation.js';
import { event, registerEvents } from './events.js';
import { createInteractionRouter } from './router.js';
import { startPollRuntime } from './components/poll.js';
import { loggableError } from './discord-errors.js';
import { explainDiscordFailure, fatalCloseError } from './connection-errors.js';
import { UserError } from '../core/errors.js';

export interface BotOptions {
  /** Defaults to the registries in commands/index.ts and components/index.ts. */
  commands?: readonly SlashCommand[];
  components?: readonly ComponentHandler[];
  /** How long to wait for the gateway to become ready. */
  readyTimeoutMs?: number;
}

export interface RunningBot {
  client: Client<true>;
  /** Settles when Discord closes the gateway for good (bad token, intents not allowed): stop, then exit 1. */
  fatal: Promise<UserError>;
  stop(): Promise<void>;
}

export async function startBot(config: Config, services: Services, options: BotOptions = {}): Promise<RunningBot> {
  const token = config.discord.token;
  if (!token) throw new Error('DISCORD_TOKEN is not set: Parley cannot connect to Discord without it.');
  const logger = services.logger.child({ module: 'discord' });
  const client = createDiscordClient(config);
  let failFatally: (error: UserError) => void = () => undefined;
  const fatal = new Promise<UserError>((resolve) => (failFatally = resolve));

  const scheduler = createAckFirstScheduler();
  const inFlight = new InFlight();
  const route = inFlight.track(createInteractionRouter({ commands: options.commands ?? allCommands, components: options.components ?? allComponents, services, logger, scheduler }));
  const converse = inFlight.track(createConversationHandler({ services, logger, historyMessages: config.historyMessages, scheduler }));
  registerEvents(
    client,
    [
      event(Events.InteractionCreate, route),
      event(Events.MessageCreate, converse),
      event(Events.Error, (error) => logger.error({ err: loggableError(error) }, 'discord client error')),
      event(Events.Warn, (message) => logger.warn(message)),
      event(Events.ShardDisconnect, (closeEvent, shardId) => {
        const fatalError = fatalCloseError(closeEvent.code);
        // A fatal code is reported once, by whoever waits on `fatal` (main.ts prints it and exits 1).
        if (fatalError) failFatally(fatalError);
        else logger.warn({ code: closeEvent.code, shardId }, 'gateway disconnected');
      }),
      event(Events.ShardResume, (shardId) => logger.info({ shardId }, 'gateway resumed')),
    ],
    logger,
  );
  client.rest.on(RESTEvents.RateLimited, (info) =>
    logger.warn({ route: info.route, method: info.method, global: info.global, retryAfterMs: info.retryAfter, limit: info.limit, scope: info.scope }, 'Discord rate limit: requests on this route wait'),
  );
  // A 429 on an interaction callback is retried by @discordjs/rest's burst handler without a
  // RateLimited event; its debug line is the only trace, and the 3 s deadline is at stake.
  client.rest.on(RESTEvents.Debug, (info) => {
    const limited = parseBurst429(info);
    if (limited) logger.warn(limited, 'Discord rate limit (429) on an interaction response: waiting, then retrying');
  });

  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<Client<true>>((resolve, reject) => {
    const limitMs = options.readyTimeoutMs ?? 60_000;
    timer = setTimeout(
      () => reject(new UserError(`Discord did not send READY within ${limitMs / 1000} s after login: check the network connection, or DISCORD_API_BASE_URL if you set it.`)),
      limitMs,
    );
    void fatal.then(reject);
    client.once(Events.ClientReady, (readyClient) => {
      clearTimeout(timer);
      resolve(readyClient);
    });
  });
  try {
    // A fatal close code during login rejects `ready` while login() may still be pending.
    const login = client.login(token);
    login.catch(() => undefined);
    await Promise.race([login, ready]);
    const readyClient = await ready;
    // Poll deadlines (overdue ones close now) and result announcements run while connected.
    const stopPolls = await startPollRuntime(readyClient, services);
    // "ready" is logged last: whoever waits for it (an operator, a supervisor, a test) may stop Parley at once.
    logger.info(`ready as ${readyClient.user.tag} in ${readyClient.guilds.cache.size} guilds`);
    if (readyClient.guilds.cache.size === 0) logger.info(`invite Parley to a server: ${inviteUrl(readyClient.application.id)}`);
    return {
      client: readyClient,
      fatal,
      async stop() {
        stopPolls();
        // Replies still being sent (e.g. "Parley is restarting…" after abortInFlight) go out first.
        await inFlight.settled(DRAIN_LIMIT_MS);
        await client.destroy();
      },
    };
  } catch (error) {
    clearTimeout(timer);
    ready.catch(() => undefined);
    await client.destroy();
    throw explainDiscordFailure(error, config.discord.apiBaseUrl);
  }
}

/** How long stop() lets handlers in flight finish their replies. */
const DRAIN_LIMIT_MS = 3_000;

/** Handlers still running, so a shutdown can let them send their last reply. */
class InFlight {
  private readonly running = new Set<Promise<void>>();

  track<A extends unknown[]>(handler: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
    return (...args) => {
      const run = handler(...args);
      this.running.add(run);
      const forget = () => void this.running.delete(run);
      run.then(forget, forget);
      return run;
    };
  }

  async settled(limitMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)));
    await Promise.race([Promise.allSettled([...this.running]), limit]);
    clearTimeout(timer);
  }
}

/** The facts of an "unexpected 429" debug line from the interaction (burst) handler, or null. */
export function parseBurst429(info: string): Record<string, unknown> | null {
  if (!info.includes('Encountered unexpected 429 rate limit')) return null;
  const field = (name: string) => info.match(new RegExp(`${name}\\s*:\\s*(.+)`))?.[1]?.trim();
  const route = field('Bucket');
  if (!route?.startsWith('/interactions/')) return null; // other routes also emit RateLimited, logged above
  return { route, method: field('Method'), global: field('Global') === 'true', retryAfterMs: Number.parseFloat(field('Retry After') ?? '') || null, scope: field('Scope') };
}
