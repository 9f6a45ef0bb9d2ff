/**
 * `/compare …` and `/leaderboard` in the terminal, on the same services as Discord:
 *   /compare models llama-2-70b gpt-4o [c] · /compare topic cost
 *   /compare answers [blind] <a> <b> <question…> · /compare vote <matchId> a|b|tie|bad · /leaderboard
 */
import { leaderboardPlainText, matchPlainText } from '../../arena/format.js';
import { OUTCOMES, type ArenaMatch } from '../../arena/types.js';
import { mentionedModels } from '../../answers/catalog-answer.js';
import { ASPECTS } from '../../compare/aspects.js';
import { comparisonPlainText, topicPlainText } from '../../compare/format.js';
import { isUserError } from '../../core/errors.js';
import type { Source } from '../../core/types.js';
import { renderSources } from '../render.js';
import type { TerminalCommand, TerminalSession } from './types.js';

const BLIND_FLAGS = new Set(['blind', '--blind', 'blind=true', 'blind:true']);
const SUBCOMMANDS = new Set(['models', 'topic', 'answers', 'vote']);

/** Catalog models a text names, as written ("llama 2", so the comparison says how it read them), each once. */
function namedModels(text: string, session: TerminalSession): string[] {
  const byModel = new Map<string, string>();
  for (const mention of mentionedModels(text, session.services.catalog)) if (mention.model && !byModel.has(mention.model.id)) byModel.set(mention.model.id, mention.text);
  return [...byModel.values()];
}
const VOTES = OUTCOMES.join('|');

export const compareCommand: TerminalCommand = {
  name: 'compare',
  usage: `/compare models <a> <b> [c] | topic <aspect> | answers [blind] <backend a> <backend b> <question> | vote <match> ${VOTES}`,
  description: `Cited model comparisons; open vs closed on one aspect (${ASPECTS.map((a) => a.id).join(', ')}); two backends side by side (blind: names hidden until you vote).`,
  async run(args, session) {
    const [action = '', ...rest] = args.split(/\s+/).filter(Boolean);
    const { compare } = session.services;
    try {
      // Models named the way people write them ("llama 2 vs mistral 7b"), with or without "models".
      const named = namedModels(action === 'models' ? rest.join(' ') : args, session);
      if ((action === 'models' || !SUBCOMMANDS.has(action)) && named.length >= 2 && named.length <= 3) {
        return session.write(comparisonPlainText(compare.compareModels(named)));
      }
      if (action === 'models' && (rest.length < 2 || rest.length > 3)) {
        return session.write('Compare 2 or 3 models, e.g. /compare models llama-2-70b gpt-4o (model ids as in knowledge/models.yaml, e.g. mistral-7b, claude-sonnet-4).');
      }
      if (action === 'models') return session.write(comparisonPlainText(compare.compareModels(rest)));
      if (action === 'topic') return session.write(topicPlainText(await compare.compareTopic(rest.join(' '))));
      if (action === 'answers') return await compareAnswers(rest, session);
      if (action === 'vote') return await vote(rest, session);
      session.write(`Usage: ${compareCommand.usage}`);
    } catch (error) {
      if (!isUserError(error)) throw error;
      session.write(error.message);
    }
  },
};

/** `[blind] <a> <b> [blind] <question…>`: the flag may come first or right after the two backends. */
async function compareAnswers(words: string[], session: TerminalSession): Promise<void> {
  const rest = [...words];
  let blind = false;
  for (const at of [0, 2]) {
    if (rest[at] !== undefined && BLIND_FLAGS.has(rest[at].toLowerCase())) {
      rest.splice(at, 1);
      blind = true;
    }
  }
  const [a, b, ...question] = rest;
  if (!a || !b || question.length === 0) {
    return session.write(`Give two backends and a question, e.g. /compare answers local ollama:llama2 Can we fine-tune Llama 2? (add blind to hide the names until you vote)`);
  }
  const view = await session.services.arena.start(session.ctx, { question: question.join(' '), a, b, blind });
  const sources = sourcesOf(view.match);
  session.lastAnswer = { sources };
  session.write([matchPlainText(view), ...(sources.length > 0 ? ['', `Sources:\n${renderSources(sources)}`] : [])].join('\n'));
}

async function vote(words: string[], session: TerminalSession): Promise<void> {
  const [matchId, outcome = ''] = words;
  const chosen = outcome.toLowerCase();
  if (!matchId || words.length !== 2 || !(OUTCOMES as readonly string[]).includes(chosen)) {
    return session.write(`Vote ${OUTCOMES.slice(0, -1).join(', ')} or ${OUTCOMES.at(-1)}: /compare vote <match> ${VOTES} (a tie when both are good, bad when both are bad).`);
  }
  const receipt = await session.services.arena.vote(session.ctx, matchId, chosen);
  const locked = receipt.locked ? ` Your first vote (${receipt.outcome}) stands: a blind vote is final.` : '';
  session.write(`Recorded.${locked} A was ${receipt.match.a.backend}, B was ${receipt.match.b.backend}.`);
}

/** Both sides answer from the same retrieved passages, so their [n] point into one numbered list. */
function sourcesOf(match: ArenaMatch): Source[] {
  const byNumber = new Map<number, Source>();
  for (const source of [...match.a.sources, ...match.b.sources]) if (!byNumber.has(source.n)) byNumber.set(source.n, source);
  return [...byNumber.values()].sort((x, y) => x.n - y.n);
}

export const leaderboardCommand: TerminalCommand = {
  name: 'leaderboard',
  usage: '/leaderboard',
  description: 'Arena standings: rating, wins, losses, ties and votes per backend.',
  async run(_args, session) {
    session.write(leaderboardPlainText(await session.services.arena.leaderboard(session.ctx)));
  },
};
