/**
 * `/compare …` and `/leaderboard` in the terminal, on the same services as Discord:
 *   /compare models llama-2-70b gpt-4o [c] · /compare topic cost
 *   /compare answers <a> <b> <question…> · /compare vote <matchId> a|b|tie|bad · /leaderboard
 */
import { leaderboardPlainText, matchPlainText } from '../../arena/format.js';
import { ASPECTS } from '../../compare/aspects.js';
import { comparisonPlainText, topicPlainText } from '../../compare/format.js';
import { isUserError } from '../../core/errors.js';
import type { TerminalCommand } from './types.js';

export const compareCommand: TerminalCommand = {
  name: 'compare',
  usage: `/compare models <a> <b> [c] | topic <${ASPECTS.map((a) => a.id).join('|')}> | answers <backend a> <backend b> <question> | vote <match> a|b|tie|bad`,
  description: 'Cited model comparisons, open vs closed by aspect, and two backends side by side.',
  async run(args, session) {
    const [action = '', ...rest] = args.split(/\s+/).filter(Boolean);
    const { compare, arena } = session.services;
    try {
      if (action === 'models' && (rest.length < 2 || rest.length > 3)) {
        return session.write('Compare 2 or 3 models, e.g. /compare models llama-2-70b gpt-4o (model ids as in knowledge/models.yaml, e.g. mistral-7b, claude-sonnet-4).');
      }
      if (action === 'models') return session.write(comparisonPlainText(compare.compareModels(rest)));
      if (action === 'topic') return session.write(topicPlainText(await compare.compareTopic(rest.join(' '))));
      if (action === 'answers' && rest.length >= 3) {
        const [a, b, ...question] = rest;
        return session.write(matchPlainText(await arena.start(session.ctx, { question: question.join(' '), a: a!, b: b! })));
      }
      if (action === 'vote' && rest.length === 2) {
        const receipt = await arena.vote(session.ctx, rest[0]!, rest[1]!.toLowerCase());
        return session.write(`Recorded. A was ${receipt.match.a.backend}, B was ${receipt.match.b.backend}.`);
      }
      session.write(`Usage: ${compareCommand.usage}`);
    } catch (error) {
      if (!isUserError(error)) throw error;
      session.write(error.message);
    }
  },
};

export const leaderboardCommand: TerminalCommand = {
  name: 'leaderboard',
  usage: '/leaderboard',
  description: 'Arena standings: rating, wins, losses, ties and votes per backend.',
  async run(_args, session) {
    session.write(leaderboardPlainText(await session.services.arena.leaderboard(session.ctx)));
  },
};
