import type { TerminalCommand } from './types.js';

export const quitCommand: TerminalCommand = {
  name: 'quit',
  usage: '/quit',
  description: 'End the session.',
  async run(_args, session) {
    session.write('Bye.');
    return 'quit';
  },
};
