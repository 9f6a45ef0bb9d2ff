import { renderSources } from '../render.js';
import type { TerminalCommand } from './types.js';

export const sourcesCommand: TerminalCommand = {
  name: 'sources',
  usage: '/sources',
  description: "Show the last answer's sources with their snippets.",
  async run(_args, session) {
    const last = session.lastAnswer;
    if (!last) {
      session.write('No answer yet: ask a question first.');
      return;
    }
    if (last.sources.length === 0) {
      session.write('The last answer has no sources.');
      return;
    }
    session.write(
      `${renderSources(last.sources)}\n\n${last.sources.map((s) => `[${s.n}] “${s.snippet}”`).join('\n')}`,
    );
  },
};
