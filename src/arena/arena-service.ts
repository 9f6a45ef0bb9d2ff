/**
 * The arena: one question, one retrieval, the same context to two backends, answers A and B side
 * by side, and the team votes. A question the knowledge base does not cover is declined before
 * either backend is called, as `/ask` declines it. In blind mode the sides are shuffled and the
 * backend names stay hidden on the shared message until `revealAfterVotes` people have voted; each
 * voter sees the names in their own confirmation right after voting, so a blind vote is final (once
 * the names are known, a changed vote would no longer be blind).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { UserError } from '../core/errors.js';
import type { RequestContext, Source } from '../core/types.js';
import type { AnswerChunk } from '../answers/local-answerer.js';
import { bradleyTerry, type Comparison } from './rating.js';
import type { ArenaRepository } from './repository.js';
import { OUTCOMES, type ArenaMatch, type ArenaOutcome, type ArenaVoteReceipt, type LeaderboardEntry, type MatchTally, type MatchView } from './types.js';

/** A question retrieved for once, as both sides get it, or declined before either is asked. */
export interface ArenaQuestion {
  /** Why neither backend is asked (the knowledge base does not cover the question…). */
  declined?: string;
  chunks: readonly AnswerChunk[];
}

/** What the arena needs from the answers and backends layers (built in create-services). */
export interface ArenaBackends<Q extends ArenaQuestion = ArenaQuestion> {
  /** Canonical name of a backend; UserError (with suggestions) when unknown or unavailable. */
  resolve(name: string): string;
  /** UserError when the channel's policy refuses this backend. */
  assertAllowed(ctx: RequestContext, backend: string): void | Promise<void>;
  /** Retrieval and the coverage decision, once for both sides, from the asking server's knowledge. */
  prepare(ctx: RequestContext, question: string): Promise<Q>;
  answer(ctx: RequestContext, backend: string, prepared: Q): Promise<{ answer: string; sources: Source[]; latencyMs?: number }>;
}

export interface ArenaServiceOptions<Q extends ArenaQuestion = ArenaQuestion> {
  repository: ArenaRepository;
  backends: ArenaBackends<Q>;
  now?: () => number;
  /** Blind matches show the names publicly once this many people voted. */
  revealAfterVotes?: number;
  /** Shuffles blind sides; injectable so tests can pin the order. */
  coinFlip?: () => boolean;
}

export interface StartMatchInput {
  question: string;
  a: string;
  b: string;
  blind?: boolean;
}

const MAX_QUESTION = 1_000;

export class ArenaService<Q extends ArenaQuestion = ArenaQuestion> {
  private readonly repo: ArenaRepository;
  private readonly backends: ArenaBackends<Q>;
  private readonly now: () => number;
  readonly revealAfterVotes: number;
  private readonly coinFlip: () => boolean;

  constructor(options: ArenaServiceOptions<Q>) {
    this.repo = options.repository;
    this.backends = options.backends;
    this.now = options.now ?? Date.now;
    this.revealAfterVotes = Math.max(1, options.revealAfterVotes ?? 3);
    this.coinFlip = options.coinFlip ?? (() => randomInt(2) === 1);
  }

  async start(ctx: RequestContext, input: StartMatchInput): Promise<MatchView> {
    const question = input.question.trim();
    if (question === '') throw new UserError('Ask a question for both backends to answer.');
    if (question.length > MAX_QUESTION) throw new UserError(`The question is too long (at most ${MAX_QUESTION} characters in the arena).`);
    let first = this.backends.resolve(input.a);
    let second = this.backends.resolve(input.b);
    if (first === second) throw new UserError('Pick two different backends to compare.');
    await this.backends.assertAllowed(ctx, first);
    await this.backends.assertAllowed(ctx, second);
    const blind = input.blind ?? false;
    if (blind && this.coinFlip()) [first, second] = [second, first];

    const prepared = await this.backends.prepare(ctx, question);
    if (prepared.declined !== undefined) throw new UserError(`${prepared.declined} Neither backend was asked.`, 'not_covered');
    const [answerA, answerB] = await Promise.all([this.answerSafely(ctx, first, prepared), this.answerSafely(ctx, second, prepared)]);
    const match: ArenaMatch = {
      id: randomBytes(6).toString('base64url'),
      guildId: ctx.guildId,
      channelId: ctx.channelId,
      creatorId: ctx.userId,
      question,
      a: { backend: first, answer: answerA.answer, sources: answerA.sources, latencyMs: answerA.latencyMs ?? null },
      b: { backend: second, answer: answerB.answer, sources: answerB.sources, latencyMs: answerB.latencyMs ?? null },
      blind,
      createdAt: this.now(),
    };
    await this.repo.createMatch(match);
    return { match, tally: emptyTally(), revealed: !blind };
  }

  async vote(ctx: RequestContext, matchId: string, outcome: string): Promise<ArenaVoteReceipt> {
    if (!OUTCOMES.includes(outcome as ArenaOutcome)) throw new UserError('That is not a vote this arena understands.');
    const match = await this.find(ctx, matchId);
    const chosen = outcome as ArenaOutcome;
    // A blind voter has seen the names: their first vote stands, decided in the same transaction.
    const { previous } = await this.repo.vote(match.id, ctx.userId, chosen, this.now(), { keepFirst: match.blind });
    const locked = match.blind && previous !== null && previous !== chosen;
    const tally = await this.repo.tally(match.id);
    return { match, outcome: locked ? previous : chosen, previous, tally, revealed: this.isRevealed(match, tally), locked };
  }

  async view(matchId: string): Promise<MatchView | undefined> {
    const match = await this.repo.getMatch(matchId);
    if (!match) return undefined;
    const tally = await this.repo.tally(match.id);
    return { match, tally, revealed: this.isRevealed(match, tally) };
  }

  /** Ratings of every backend that took part in a voted match in this server, best first. */
  async leaderboard(ctx: RequestContext): Promise<LeaderboardEntry[]> {
    const votes = await this.repo.votesInGuild(ctx.guildId);
    const comparisons: Comparison[] = [];
    const stats = new Map<string, Omit<LeaderboardEntry, 'rating'>>();
    const statOf = (backend: string) => {
      let s = stats.get(backend);
      if (!s) stats.set(backend, (s = { backend, wins: 0, losses: 0, ties: 0, votes: 0 }));
      return s;
    };
    for (const vote of votes) {
      const a = statOf(vote.backendA);
      const b = statOf(vote.backendB);
      a.votes += 1;
      b.votes += 1;
      if (vote.outcome === 'a') {
        a.wins += 1;
        b.losses += 1;
      } else if (vote.outcome === 'b') {
        b.wins += 1;
        a.losses += 1;
      } else {
        a.ties += 1;
        b.ties += 1;
      }
      comparisons.push({ a: vote.backendA, b: vote.backendB, scoreA: vote.outcome === 'a' ? 1 : vote.outcome === 'b' ? 0 : 0.5 });
    }
    const ratings = bradleyTerry(comparisons);
    return [...stats.values()]
      .map((s) => ({ ...s, rating: Math.round(ratings.get(s.backend) ?? 1000) }))
      .sort((x, y) => y.rating - x.rating || y.wins - x.wins || x.backend.localeCompare(y.backend));
  }

  private isRevealed(match: ArenaMatch, tally: MatchTally): boolean {
    return !match.blind || tally.total >= this.revealAfterVotes;
  }

  private async find(ctx: RequestContext, matchId: string): Promise<ArenaMatch> {
    const match = await this.repo.getMatch(matchId);
    if (!match || match.guildId !== ctx.guildId) throw new UserError("I can't find that comparison any more.", 'unknown_match');
    return match;
  }

  private async answerSafely(ctx: RequestContext, backend: string, prepared: Q) {
    try {
      return await this.backends.answer(ctx, backend, prepared);
    } catch (error) {
      if (error instanceof UserError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new UserError(`The comparison could not run: ${reason}. Try again, or pick another backend.`, 'backend_failed');
    }
  }
}

function emptyTally(): MatchTally {
  return { a: 0, b: 0, tie: 0, bad: 0, total: 0 };
}
