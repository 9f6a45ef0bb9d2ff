/**
 * `/poll …` in the terminal, on the same PollService as Discord:
 *   /poll create "Which model?" options="a; b" models=llama-2-70b,gpt-4o duration=2h multi=2 anonymous
 *   /poll vote <id> 1 3 (several numbers up to the poll's limit; an option chosen again is removed)
 *   /poll close <id> · /poll results <id> · /poll list
 * Deadlines are applied on each command (no scheduler is needed for a terminal session).
 */
import { isUserError } from '../../core/errors.js';
import { countOf } from '../../core/plural.js';
import { resultsPlainText } from '../../polls/format.js';
import type { TerminalCommand } from './types.js';

export const pollCommand: TerminalCommand = {
  name: 'poll',
  usage: '/poll create "question" options="a; b" [models=a,b] [duration=2h] [multi=2] [anonymous] | vote <id> <n> [n…] | close <id> | results <id> | list',
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
          const how = results.poll.maxChoices > 1 ? `up to ${results.poll.maxChoices} option numbers` : '<option number>';
          session.write(`${resultsPlainText(results)}\nVote with /poll vote ${results.poll.id} ${how}.`);
          return;
        }
        case 'vote': {
          const [pollId, ...numbers] = rest;
          const picked = optionNumbers(numbers.join(' '));
          if (!pollId || !picked) {
            session.write('Give the poll id and the numbers of your options, e.g. /poll vote <id> 1 or /poll vote <id> 1 3 (`/poll list` shows the ids).');
            return;
          }
          const { poll } = await polls.results(session.ctx, pollId);
          if (picked.length > poll.maxChoices) {
            session.write(`This poll takes at most ${countOf(poll.maxChoices, 'choice')}; you gave ${picked.length}.`);
            return;
          }
          let choices: number[] = [];
          for (const n of picked) choices = (await polls.vote(session.ctx, poll.id, n - 1, { typed: true })).choices;
          const labels = choices.map((i) => poll.options[i]!.label).join(', ');
          session.write(labels ? `Your ${choices.length === 1 ? 'vote' : 'votes'}: ${labels}.` : 'You have no choice selected now.');
          return;
        }
        case 'close': {
          const pollId = rest[0];
          if (!pollId) return session.write(`Give the poll id, e.g. /poll close <id> (\`/poll list\` shows the ids).`);
          const { results, closedNow } = await polls.close(session.ctx, pollId);
          session.write(`${closedNow ? '' : 'This poll was already closed.\n'}${resultsPlainText(results)}`);
          return;
        }
        case 'results': {
          const pollId = rest[0];
          if (!pollId) return session.write(`Give the poll id, e.g. /poll results <id> (\`/poll list\` shows the ids).`);
          session.write(resultsPlainText(await polls.results(session.ctx, pollId)));
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

/** "1 3", "1,3", "1, 3" → [1, 3] (distinct, in order); null when any part is not an option number. */
export function optionNumbers(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0 || !parts.every((p) => /^[1-9]\d*$/.test(p))) return null;
  return [...new Set(parts.map(Number))];
}

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
