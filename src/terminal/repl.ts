/**
 * The terminal adapter: a readline session over the same services the Discord bot uses.
 * Interactive on a TTY (prompt, banner); on a pipe it answers each line and ends at end of input.
 */
import os from 'node:os';
import readline from 'node:readline';
import { randomUUID } from 'node:crypto';
import type { Services } from '../app/services.js';
import { isUserError } from '../core/errors.js';
import { createLogger, type Logger } from '../core/logger.js';
import type { RequestContext } from '../core/types.js';
import { TERMINAL_COMMANDS, type TerminalCommand, type TerminalSession } from './commands/index.js';
import { handleLine } from './dispatch.js';
import { wrapToWidth } from './wrap.js';

export interface RunTerminalOptions {
  services: Services;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Prompt and banner; defaults to whether input is a TTY. */
  interactive?: boolean;
  /** Printed first in interactive mode (e.g. how to connect to Discord). */
  banner?: string;
  commands?: readonly TerminalCommand[];
  /**
   * Wrap output at word boundaries to this many columns (asked again for each answer, so a
   * resized window is followed). Undefined: no wrapping, e.g. output piped to a file.
   */
  columns?: number | (() => number | undefined);
}

/** Logs for a terminal session: short readable lines when a person watches stderr, JSON when it is collected. */
export function terminalLogger(level: string): Logger {
  return createLogger(level, undefined, { human: Boolean(process.stderr.isTTY) });
}

/** Wrapping to the window's width when stdout is a terminal; a pipe gets lines as they are. */
export function stdoutColumns(): number | undefined {
  return process.stdout.isTTY ? process.stdout.columns : undefined;
}

/** Who is typing: the person running Parley locally, who owns its settings. */
export function terminalContext(): RequestContext {
  let user = 'terminal';
  try {
    user = `terminal:${os.userInfo().username}`;
  } catch {
    // no user database entry (some containers); the generic id is fine
  }
  return { guildId: null, channelId: 'terminal', userId: user, isAdmin: true };
}

export async function runTerminal(options: RunTerminalOptions): Promise<void> {
  const { services, input, output } = options;
  const interactive = options.interactive ?? Boolean((input as { isTTY?: boolean }).isTTY);
  const commands = options.commands ?? TERMINAL_COMMANDS;
  const session: TerminalSession = {
    services,
    ctx: terminalContext(),
    lastAnswer: null,
    history: [],
    columns: () => (typeof options.columns === 'function' ? options.columns() : options.columns),
    write: (text) => {
      const columns = session.columns?.();
      output.write(`${columns ? wrapToWidth(text, columns) : text}\n${interactive ? '' : '\n'}`);
    },
  };

  const rl = readline.createInterface({ input, output: interactive ? output : undefined, terminal: interactive, prompt: 'parley> ' });
  if (interactive) {
    if (options.banner) session.write(options.banner);
    session.write('Ask a question about open vs closed LLMs and their licenses. /help lists the commands, /quit ends.');
    rl.prompt();
  }

  try {
    for await (const line of rl) {
      let outcome: 'quit' | void = undefined;
      try {
        outcome = await handleLine(line, session, commands);
      } catch (error) {
        if (isUserError(error)) {
          session.write(error.message);
        } else {
          const errorId = randomUUID().slice(0, 8);
          services.logger.error({ err: error, errorId }, 'terminal command failed');
          session.write(`Something went wrong (error id ${errorId}). The details are in the log.`);
        }
      }
      if (outcome === 'quit') break;
      if (interactive) rl.prompt();
    }
  } finally {
    rl.close();
  }
}
