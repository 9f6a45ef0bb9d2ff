import type { TerminalCommand } from './types.js';

const COLUMN = 24;
/** Below this many columns for the descriptions, each goes under its usage instead of beside it. */
const MIN_DESCRIPTION_COLUMNS = 36;

/** Built from the command table so new commands show up without editing help. */
export function helpCommand(table: () => readonly TerminalCommand[]): TerminalCommand {
  return {
    name: 'help',
    usage: '/help',
    description: 'List the commands.',
    async run(_args, session) {
      const commands = table();
      // Short usages line up in a column; a long one gets its description on the next line.
      const width = Math.min(COLUMN, Math.max(...commands.map((c) => c.usage.length)));
      const columns = session.columns?.();
      const stacked = columns !== undefined && columns - width - 4 < MIN_DESCRIPTION_COLUMNS;
      const line = (c: TerminalCommand) => {
        if (stacked) return `  ${c.usage}\n      ${c.description}`;
        return c.usage.length <= width ? `  ${c.usage.padEnd(width)}  ${c.description}` : `  ${c.usage}\n  ${' '.repeat(width)}  ${c.description}`;
      };
      session.write(['Type a question to get a cited answer, or a command:', ...commands.map(line)].join('\n'));
    },
  };
}
