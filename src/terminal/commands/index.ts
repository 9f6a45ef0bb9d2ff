/**
 * The terminal's command table: `/name args` → entry. To add a command (e.g. /model, /poll,
 * /compare), write `commands/<name>.ts` exporting a `TerminalCommand` and list it here.
 */
import { askCommand } from './ask.js';
import { helpCommand } from './help.js';
import { modelCommand } from './model.js';
import { pollCommand } from './poll.js';
import { compareCommand, leaderboardCommand } from './compare.js';
import { quitCommand } from './quit.js';
import { knowledgeCommand } from './knowledge.js';
import { sourcesCommand } from './sources.js';
import type { TerminalCommand } from './types.js';

export const TERMINAL_COMMANDS: readonly TerminalCommand[] = [
  helpCommand(() => TERMINAL_COMMANDS),
  askCommand,
  sourcesCommand,
  modelCommand,
  pollCommand,
  compareCommand,
  leaderboardCommand,
  knowledgeCommand,
  // <-- other features add their commands here
  quitCommand,
];

export type { TerminalCommand, TerminalSession } from './types.js';
