/**
 * `/poll …` in the terminal, on the same PollService as Discord:
 *   /poll create "Which model?" options="a; b" models=llama-2-70b,gpt-4o duration=2h multi=2 anonymous
 *   /poll vote <id> <option number> · /poll close <id> · /poll results <id> · /poll list
 * Deadlines are applied on each command (no scheduler is needed for a terminal session).
 */
import { isUserError } from '../../core/errors.js';
import { resultsPlainText } from '../../polls/format.js';
import type { TerminalCommand } from './types.js';

export const pollCommand: TerminalCommand = {
  name: 'poll',
  usage: '/poll create "question" options="a; b" [models=a,b] [duration=2h] [multi=2] [anonymous] | vote <id> <n> | close <id> | results <id> | list',
  description: 'Decide together: polls with a deadline, one vote per member, results.',
  async run(args, session) {
    const { polls } = session.services;
    const { positional, named, flags } = parseArgs(args);
    const [action = 'list', ...rest] = positional;
    try {
      await polls.closeOverdue();
      switch (action) {
        case 'create': {
          const results = await polls.create(session.ctx, {
            question: rest.join(' '),
            ...(named.options ? { options: named.options } : {}),
            ...(named.models ? { models: named.models } : {}),
            ...(named.duration ? { duration: named.duration } : {}),
            ...(named.multi ? { multi: Number(named.multi) } : {}),
            anonymous: flags.has('anonymous'),
          });
          session.write(`${resultsPlainText(results)}\nVote with /poll vote ${results.poll.id} <option number>.`);
          return;
        }
        case 'vote': {
          const [pollId, optionNumber] = rest;
          if (!pollId || !optionNumber || !/^[1-9]\d*$/.test(optionNumber)) {
            session.write('Give the poll id and the number of your option, e.g. /poll vote <id> 1 (`/poll list` shows the ids).');
            return;
          }
          const receipt = await polls.vote(session.ctx, pollId, Number(optionNumber) - 1);
          const labels = receipt.choices.map((i) => receipt.poll.options[i]!.label).join(', ');
          session.write(labels ? `Your vote: ${labels}.` : 'You have no choice selected now.');
          return;
        }
        case 'close':
        case 'results': {
          const pollId = rest[0];
          if (!pollId) {
            session.write(`Give the poll id, e.g. /poll ${action} <id> (\`/poll list\` shows the ids).`);
            return;
          }
          const results = action === 'close' ? (await polls.close(session.ctx, pollId)).results : await polls.results(session.ctx, pollId);
          session.write(resultsPlainText(results));
          return;
        }
        case 'list': {
          const open = await polls.list(session.ctx);
          session.write(open.length === 0 ? 'No open polls.' : open.map((r) => `${r.poll.id}  ${r.poll.question}  (${r.turnout} voted, closes ${new Date(r.poll.closesAt).toISOString()})`).join('\n'));
          return;
        }
        default:
          session.write(`Usage: ${pollCommand.usage}`);
      }
    } catch (error) {
      if (!isUserError(error)) throw error;
      session.write(error.message);
    }
  },
};

/** Splits `create "a question" options="x; y" anonymous` into positional words, key=value pairs and bare flags. */
export function parseArgs(text: string): { positional: string[]; named: Record<string, string>; flags: Set<string> } {
  const positional: string[] = [];
  const named: Record<string, string> = {};
  const flags = new Set<string>();
  for (const match of text.matchAll(/(\w+)="([^"]*)"|(\w+)=(\S+)|"([^"]*)"|(\S+)/g)) {
    if (match[1] !== undefined) named[match[1].toLowerCase()] = match[2]!;
    else if (match[3] !== undefined) named[match[3].toLowerCase()] = match[4]!;
    else if (match[5] !== undefined) positional.push(match[5]);
    else if (match[6] === 'anonymous') flags.add('anonymous');
    else positional.push(match[6]!);
  }
  return { positional, named, flags };
}
