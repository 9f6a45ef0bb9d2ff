/** Storage for polls and votes. Async so that a Postgres implementation can slot in behind it. */
import type { NewPoll, Poll, VoteChange } from './types.js';

export type CastVoteResult =
  | { status: 'ok'; poll: Poll; change: VoteChange; choices: number[] }
  | { status: 'unknown' }
  | { status: 'closed'; poll: Poll }
  | { status: 'bad_option'; poll: Poll }
  | { status: 'limit'; poll: Poll; maxChoices: number; choices: number[] };

export interface CastVoteInput {
  pollId: string;
  /** The voter's server: a poll of another server is reported as unknown. */
  guildId: string | null;
  /** The member's id for public polls; a salted hash for anonymous ones (see PollService). */
  voterKey: (poll: Poll & { voterSalt: string }) => string;
  optionIndex: number;
  now: number;
  doubleClickMs: number;
}

export interface VoteRow {
  voter: string;
  optionIndex: number;
}

export interface PollRepository {
  create(poll: NewPoll): Promise<Poll>;
  get(id: string): Promise<Poll | undefined>;
  /** Open polls (closed_at not set), optionally of one server, soonest deadline first. */
  listOpen(guildId?: string | null): Promise<Poll[]>;
  /** Open polls whose deadline is at or before `now`. */
  listOverdue(now: number): Promise<Poll[]>;
  /** Applies one click atomically (one transaction, unique per voter and option). */
  castVote(input: CastVoteInput): Promise<CastVoteResult>;
  /** Marks the poll closed; false when it was already closed (so only one closer announces it). */
  close(id: string, closedAt: number, closedBy: string | null): Promise<boolean>;
  votes(pollId: string): Promise<VoteRow[]>;
  attachMessage(pollId: string, channelId: string, messageId: string): Promise<void>;
}
