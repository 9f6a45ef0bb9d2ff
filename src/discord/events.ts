import type { Client, ClientEvents } from 'discord.js';
import type { Logger } from '../core/logger.js';
import { loggableError } from './discord-errors.js';

/** One typed event handler: small, testable, registered by bot.ts. */
export interface EventHandler<E extends keyof ClientEvents = keyof ClientEvents> {
  name: E;
  once: boolean;
  execute(...args: ClientEvents[E]): Promise<void> | void;
}

export function event<E extends keyof ClientEvents>(name: E, execute: (...args: ClientEvents[E]) => Promise<void> | void, options: { once?: boolean } = {}): EventHandler<E> {
  return { name, once: options.once ?? false, execute };
}

/** Any one of the typed handlers (a union, so a list can mix events and stay type-checked). */
export type AnyEventHandler = { [E in keyof ClientEvents]: EventHandler<E> }[keyof ClientEvents];

/**
 * Attaches handlers so that a fault in one never reaches the client's 'error' event or crashes
 * the process: it is logged with the event name.
 */
export function registerEvents(client: Client, handlers: readonly AnyEventHandler[], logger: Logger): void {
  for (const handler of handlers) {
    const listener = async (...args: unknown[]) => {
      try {
        await (handler.execute as (...a: unknown[]) => Promise<void> | void)(...args);
      } catch (error) {
        logger.error({ err: loggableError(error), event: handler.name }, 'discord event handler failed');
      }
    };
    if (handler.once) client.once(handler.name, listener);
    else client.on(handler.name, listener);
  }
}
