/** Plain data for polls: what services return and adapters render. No transport types here. */

export interface PollOption {
  index: number;
  label: string;
  /** Catalog id when the option came from `models:`. */
  modelId: string | null;
}

export interface Poll {
  id: string;
  guildId: string | null;
  channelId: string;
  creatorId: string;
  question: string;
  options: PollOption[];
  anonymous: boolean;
  /** 1 for a single-choice poll. */
  maxChoices: number;
  createdAt: number;
  closesAt: number;
  closedAt: number | null;
  closedBy: string | null;
  /** Where the poll is shown (Discord message), so it can be refreshed and closed later. */
  messageChannelId: string | null;
  messageId: string | null;
}

export interface NewPoll extends Omit<Poll, 'closedAt' | 'closedBy' | 'messageChannelId' | 'messageId'> {
  /** Per-poll salt for anonymous ballots: voters are stored as a hash, never as an id. */
  voterSalt: string;
}

export interface CreatePollInput {
  question: string;
  /** "a; b; c" */
  options?: string;
  /** "llama-2-70b,gpt-4o" — resolved through the catalog. */
  models?: string;
  /** "30m", "2h", "3d", "1h30m". */
  duration?: string;
  anonymous?: boolean;
  /** Maximum choices per voter (multi-select); 1 or absent = single choice. */
  multi?: number;
}

export type VoteChange = 'added' | 'removed' | 'replaced' | 'unchanged';

export interface VoteReceipt {
  poll: Poll;
  change: VoteChange;
  /** What the voter has chosen now, after this click (option indexes, ascending). */
  choices: number[];
}

export interface OptionTally extends PollOption {
  votes: number;
  /** Share of all ballots' choices, 0..1. */
  share: number;
  /** Who chose it; always empty for anonymous polls. */
  voters: string[];
}

export interface CitedLine {
  label: string;
  text: string;
  /** Number of the source in `sources`. */
  cite: number;
}

export interface CitedSource {
  n: number;
  title: string;
  section: string;
  doc: string;
  url: string;
  /** "as of 2026-11-27" (", over 12 months old" when stale) for dated catalog facts; absent for undated sources. */
  freshness?: string;
}

export interface DecisionSummary {
  modelId: string;
  modelName: string;
  access: 'open' | 'closed';
  lines: CitedLine[];
  sources: CitedSource[];
}

export interface PollResults {
  poll: Poll;
  tallies: OptionTally[];
  /** Distinct members who voted. */
  turnout: number;
  /** Sum of choices (equals turnout for single-choice polls). */
  totalVotes: number;
  /** Indexes of the option(s) with the most votes; empty when nobody voted. */
  leaders: number[];
  closed: boolean;
  /** For model polls with a single leader. */
  decision: DecisionSummary | null;
}
