/** Storage for arena matches and votes. Async so that a Postgres implementation can slot in behind it. */
import type { ArenaMatch, ArenaOutcome, MatchTally } from './types.js';

export interface StoredArenaVote {
  matchId: string;
  backendA: string;
  backendB: string;
  outcome: ArenaOutcome;
  votedAt: number;
}

export interface ArenaRepository {
  createMatch(match: ArenaMatch): Promise<void>;
  getMatch(id: string): Promise<ArenaMatch | undefined>;
  /**
   * One vote per user per match, atomically: inserts, or replaces the user's earlier vote unless
   * `keepFirst` (a blind match, where a voter has seen the names); returns the previous outcome.
   */
  vote(matchId: string, userId: string, outcome: ArenaOutcome, at: number, options?: { keepFirst?: boolean }): Promise<{ previous: ArenaOutcome | null }>;
  tally(matchId: string): Promise<MatchTally>;
  /** Every vote on matches of one server (null: outside servers), oldest first. */
  votesInGuild(guildId: string | null): Promise<StoredArenaVote[]>;
}
