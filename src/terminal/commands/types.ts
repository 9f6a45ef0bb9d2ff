import type { Services } from '../../app/services.js';
import type { AnswerResult, ConversationTurn, RequestContext } from '../../core/types.js';

/** State of one terminal conversation, handed to every command. */
export interface TerminalSession {
  services: Services;
  ctx: RequestContext;
  /** The sources of the last answer shown (a question or a comparison of answers), for `/sources`. */
  lastAnswer: Pick<AnswerResult, 'sources'> | null;
  /** The questions and answers so far, oldest first: a follow-up ("and its user cap?") leans on them. */
  history: ConversationTurn[];
  write(text: string): void;
  /** The width output is wrapped to, if any (for layouts that depend on it, like /help's columns). */
  columns?: () => number | undefined;
}

/**
 * One `/name args` command. Add a command by writing a file beside this one and listing it in
 * `index.ts`; each command calls services and writes plain text.
 */
export interface TerminalCommand {
  name: string;
  /** e.g. "/ask <question>" */
  usage: string;
  description: string;
  /** Return 'quit' to end the session. */
  run(args: string, session: TerminalSession): Promise<'quit' | void>;
}
