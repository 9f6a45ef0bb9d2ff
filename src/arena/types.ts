import type { Source } from '../core/types.js';

export type ArenaOutcome = 'a' | 'b' | 'tie' | 'bad';

export const OUTCOMES: readonly ArenaOutcome[] = ['a', 'b', 'tie', 'bad'];

export interface ArenaSide {
  backend: string;
  answer: string;
  sources: Source[];
  latencyMs: number | null;
}

export interface ArenaMatch {
  id: string;
  guildId: string | null;
  channelId: string;
  creatorId: string;
  question: string;
  /** The sides as shown (A first). In blind mode the order is shuffled so position reveals nothing. */
  a: ArenaSide;
  b: ArenaSide;
  blind: boolean;
  createdAt: number;
}

export interface MatchTally {
  a: number;
  b: number;
  tie: number;
  bad: number;
  total: number;
}

export interface ArenaVoteReceipt {
  match: ArenaMatch;
  outcome: ArenaOutcome;
  /** The voter's earlier choice when this vote replaced it. */
  previous: ArenaOutcome | null;
  tally: MatchTally;
  /** Whether the public message may now show the backend names. */
  revealed: boolean;
  /** True when a blind vote was already cast: it stays `outcome`, the click changed nothing. */
  locked: boolean;
}

export interface LeaderboardEntry {
  backend: string;
  /** Bradley–Terry strength on the Elo scale (1000 = the reference). */
  rating: number;
  wins: number;
  losses: number;
  ties: number;
  votes: number;
}

export interface MatchView {
  match: ArenaMatch;
  tally: MatchTally;
  revealed: boolean;
}
