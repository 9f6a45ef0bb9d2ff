/**
 * Turns one line typed in the terminal into a service call: `/name args` runs a command from
 * the table, anything else is a question.
 */
import { editDistance } from '../core/edit-distance.js';
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
    const near = nearestCommand(parsed.name, commands);
    session.write(`Unknown command /${parsed.name}.${near ? ` Did you mean /${near}?` : ''} Type /help for the list.`);
    return;
  }
  return command.run(parsed.args, session);
}

/** The command a typo most likely meant ("hlep" → "help"): at most 2 edits, and fewer than half its letters. */
export function nearestCommand(typed: string, commands: readonly TerminalCommand[]): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const { name } of commands) {
    const distance = editDistance(typed, name);
    if (distance <= 2 && distance < name.length / 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name ?? null;
}
