/** Polls a team decides with: create, vote, close (by hand or at the deadline), results, list. */
import { createHash, randomBytes } from 'node:crypto';
import type { RequestContext } from '../core/types.js';
import { UserError } from '../core/errors.js';
import type { Catalog } from '../knowledge/catalog-types.js';
import { parseDuration, parseOptions, parseQuestion } from './parse.js';
import type { PollRepository } from './repository.js';
import { computeResults } from './results.js';
import type { CreatePollInput, Poll, PollResults, VoteReceipt } from './types.js';

export interface PollServiceOptions {
  repository: PollRepository;
  catalog?: Catalog | null;
  /** Title of a knowledge document, for decision summaries' citations. */
  titleOf?: (doc: string) => string;
  now?: () => number;
  /** Multi-choice polls: undoing a choice made less than this long ago counts as a double click. */
  doubleClickMs?: number;
}

export interface PollClosed {
  results: PollResults;
  /** False when somebody (or the deadline) had already closed it. */
  closedNow: boolean;
}

type Listener<T> = (value: T) => void | Promise<void>;

const ID_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export class PollService {
  private readonly repo: PollRepository;
  private readonly catalog: Catalog | null;
  private readonly titleOf: (doc: string) => string;
  readonly now: () => number;
  private readonly doubleClickMs: number;
  private readonly createdListeners = new Set<Listener<Poll>>();
  private readonly closedListeners = new Set<Listener<PollClosed>>();

  constructor(options: PollServiceOptions) {
    this.repo = options.repository;
    this.catalog = options.catalog ?? null;
    this.titleOf = options.titleOf ?? ((doc) => doc);
    this.now = options.now ?? Date.now;
    this.doubleClickMs = options.doubleClickMs ?? 1_000;
  }

  async create(ctx: RequestContext, input: CreatePollInput): Promise<PollResults> {
    const question = parseQuestion(input.question);
    const options = parseOptions({ options: input.options, models: input.models }, this.catalog);
    const durationMs = parseDuration(input.duration);
    const multi = input.multi ?? 1;
    if (!Number.isInteger(multi) || multi < 1) throw new UserError('`multi` must be a whole number of choices, 1 or more.');
    const createdAt = this.now();
    const poll = await this.repo.create({
      id: newPollId(),
      guildId: ctx.guildId,
      channelId: ctx.channelId,
      creatorId: ctx.userId,
      question,
      options,
      anonymous: input.anonymous ?? false,
      maxChoices: Math.min(multi, options.length),
      createdAt,
      closesAt: createdAt + durationMs,
      voterSalt: randomBytes(16).toString('hex'),
    });
    await this.emit(this.createdListeners, poll);
    return this.resultsOf(poll);
  }

  /**
   * One click on an option. `typed` votes (the terminal) are never double clicks: choosing an
   * option again removes it at once.
   */
  async vote(ctx: RequestContext, pollId: string, optionIndex: number, options: { typed?: boolean } = {}): Promise<VoteReceipt> {
    // Outside servers the repository's server check (null = null) would let any DM vote: a DM poll belongs to its channel.
    if (ctx.guildId === null) {
      const poll = await this.repo.get(pollId);
      if (poll && poll.channelId !== ctx.channelId) throw unknownPoll();
    }
    const result = await this.repo.castVote({
      pollId,
      guildId: ctx.guildId,
      optionIndex,
      now: this.now(),
      doubleClickMs: options.typed ? 0 : this.doubleClickMs,
      voterKey: (poll) => voterKey(poll, ctx.userId),
    });
    switch (result.status) {
      case 'unknown':
        throw unknownPoll();
      case 'closed':
        throw new UserError(`This poll is closed${result.poll.closedAt ? '' : ' (its deadline has passed)'}; votes are no longer counted. \`/poll results ${result.poll.id}\` shows the outcome.`, 'poll_closed');
      case 'bad_option':
        throw new UserError('That option is not part of this poll.');
      case 'limit':
        throw new UserError(
          `You can choose at most ${result.maxChoices} options in this poll, and you already have ${describeChoices(result.poll, result.choices)}. Choose one of them again to remove it first.`,
          'vote_limit',
        );
      case 'ok':
        return { poll: result.poll, change: result.change, choices: result.choices };
    }
  }

  async close(ctx: RequestContext, pollId: string): Promise<PollClosed> {
    const poll = await this.find(ctx, pollId);
    if (poll.creatorId !== ctx.userId && !ctx.isAdmin) {
      throw new UserError('Only the person who created this poll, or someone with Manage Server, can close it.', 'forbidden');
    }
    return this.closePoll(poll, ctx.userId);
  }

  async results(ctx: RequestContext, pollId: string): Promise<PollResults> {
    return this.resultsOf(await this.find(ctx, pollId));
  }

  /** Current state of a poll by id, without a caller (used to refresh its message). */
  async snapshot(pollId: string): Promise<PollResults | undefined> {
    const poll = await this.repo.get(pollId);
    return poll ? this.resultsOf(poll) : undefined;
  }

  /** Open polls in the caller's server (or DM channel), soonest deadline first. */
  async list(ctx: RequestContext): Promise<PollResults[]> {
    const polls = await this.repo.listOpen(ctx.guildId);
    const visible = ctx.guildId === null ? polls.filter((p) => p.channelId === ctx.channelId) : polls;
    return Promise.all(visible.map((poll) => this.resultsOf(poll)));
  }

  /** Closes every open poll whose deadline has passed (on start and from the scheduler). */
  async closeOverdue(now: number = this.now()): Promise<PollClosed[]> {
    const overdue = await this.repo.listOverdue(now);
    const closed: PollClosed[] = [];
    for (const poll of overdue) {
      // Closed as of its deadline: no vote after it was ever accepted.
      const outcome = await this.closePoll(poll, null, poll.closesAt);
      if (outcome.closedNow) closed.push(outcome);
    }
    return closed;
  }

  async listOpenPolls(): Promise<Poll[]> {
    return this.repo.listOpen();
  }

  /**
   * Closes a poll whose message could not be posted, silently: nobody can vote on a poll they
   * cannot see, so it must not be listed, nor announce "No votes were cast." at its deadline.
   */
  async abandon(ctx: RequestContext, pollId: string): Promise<void> {
    await this.repo.close(pollId, this.now(), ctx.userId);
  }

  async attachMessage(pollId: string, channelId: string, messageId: string): Promise<void> {
    await this.repo.attachMessage(pollId, channelId, messageId);
  }

  onCreated(listener: Listener<Poll>): () => void {
    this.createdListeners.add(listener);
    return () => this.createdListeners.delete(listener);
  }

  /** Called once per poll when it closes (by hand, button or deadline), e.g. to announce the result. */
  onClosed(listener: Listener<PollClosed>): () => void {
    this.closedListeners.add(listener);
    return () => this.closedListeners.delete(listener);
  }

  private async closePoll(poll: Poll, closedBy: string | null, at: number = this.now()): Promise<PollClosed> {
    const closedNow = await this.repo.close(poll.id, at, closedBy);
    const fresh = (await this.repo.get(poll.id)) ?? poll;
    const outcome = { results: await this.resultsOf(fresh), closedNow };
    if (closedNow) await this.emit(this.closedListeners, outcome);
    return outcome;
  }

  private async find(ctx: RequestContext, pollId: string): Promise<Poll> {
    const poll = await this.repo.get(pollId.trim());
    // A poll of another server is reported as unknown, so ids do not leak across servers.
    if (!poll || poll.guildId !== ctx.guildId || (ctx.guildId === null && poll.channelId !== ctx.channelId)) {
      throw new UserError(`I can't find a poll with id "${pollId}" here. \`/poll list\` shows the open ones.`, 'unknown_poll');
    }
    return poll;
  }

  private async resultsOf(poll: Poll): Promise<PollResults> {
    return computeResults(poll, await this.repo.votes(poll.id), this.catalog, this.titleOf);
  }

  private async emit<T>(listeners: Set<Listener<T>>, value: T): Promise<void> {
    for (const listener of listeners) {
      try {
        await listener(value);
      } catch {
        // A failing listener (e.g. Discord unreachable) must not undo a vote or a close.
      }
    }
  }
}

function unknownPoll(): UserError {
  return new UserError("I can't find that poll here. `/poll list` shows the open ones.", 'unknown_poll');
}

/** Anonymous polls store a salted hash of the voter, so even the database does not say who voted what. */
function voterKey(poll: Poll & { voterSalt: string }, userId: string): string {
  if (!poll.anonymous) return userId;
  return createHash('sha256').update(`${poll.voterSalt}:${userId}`).digest('hex').slice(0, 32);
}

function describeChoices(poll: Poll, choices: number[]): string {
  return choices.map((i) => `“${poll.options[i]?.label ?? i + 1}”`).join(', ');
}

function newPollId(): string {
  const bytes = randomBytes(8);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}
