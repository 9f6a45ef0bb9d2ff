import { renderAnswer } from '../render.js';
import type { TerminalCommand, TerminalSession } from './types.js';

export async function askAndShow(question: string, session: TerminalSession): Promise<void> {
  const result = await session.services.answers.ask(session.ctx, { question, history: [...session.history] });
  session.lastAnswer = result;
  // Like a reply chain in Discord: the last PARLEY_HISTORY_MESSAGES turns of this session.
  session.history.push({ role: 'user', content: question }, { role: 'assistant', content: result.answer });
  session.history.splice(0, Math.max(0, session.history.length - session.services.config.historyMessages));
  session.write(renderAnswer(result));
}

export const askCommand: TerminalCommand = {
  name: 'ask',
  usage: '/ask <question>',
  description: 'Answer a question from the knowledge base, with numbered sources (plain lines do the same).',
  run: (args, session) => askAndShow(args, session),
};
