import type { TerminalCommand } from './types.js';

const COLUMN = 24;

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
      const line = (c: TerminalCommand) =>
        c.usage.length <= width ? `  ${c.usage.padEnd(width)}  ${c.description}` : `  ${c.usage}\n  ${' '.repeat(width)}  ${c.description}`;
      session.write(['Type a question to get a cited answer, or a command:', ...commands.map(line)].join('\n'));
    },
  };
}
