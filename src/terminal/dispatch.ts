/**
 * Turns one line typed in the terminal into a service call: `/name args` runs a command from
 * the table, anything else is a question.
 */
import { askAndShow } from './commands/ask.js';
import type { TerminalCommand, TerminalSession } from './commands/types.js';

export function parseCommandLine(line: string): { name: string; args: string } | null {
  const match = /^\/(\S+)\s*([\s\S]*)$/.exec(line.trim());
  if (!match) return null;
  return { name: (match[1] ?? '').toLowerCase(), args: (match[2] ?? '').trim() };
}

export async function handleLine(line: string, session: TerminalSession, commands: readonly TerminalCommand[]): Promise<'quit' | void> {
  const text = line.trim();
  if (text === '') return;
  if (text === '/') {
    session.write('Type a command after the slash, e.g. /help, or just type your question.');
    return;
  }
  const parsed = parseCommandLine(text);
  if (!parsed) return askAndShow(text, session);
  const command = commands.find((c) => c.name === parsed.name);
  if (!command) {
    session.write(`Unknown command /${parsed.name}. Type /help for the list.`);
    return;
  }
  return command.run(parsed.args, session);
}
