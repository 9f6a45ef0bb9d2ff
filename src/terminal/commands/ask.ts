import { renderAnswer } from '../render.js';
import type { TerminalCommand, TerminalSession } from './types.js';

export async function askAndShow(question: string, session: TerminalSession): Promise<void> {
  const result = await session.services.answers.ask(session.ctx, { question });
  session.lastAnswer = result;
  session.write(renderAnswer(result));
}

export const askCommand: TerminalCommand = {
  name: 'ask',
  usage: '/ask <question>',
  description: 'Answer a question from the knowledge base, with numbered sources (plain lines do the same).',
  run: (args, session) => askAndShow(args, session),
};
