/**
 * The tables Parley keeps, typed for Kysely. One description for both engines: epoch
 * milliseconds are integers (BIGINT on PostgreSQL), flags are 0/1 integers, JSON is text.
 */
import type { Generated } from 'kysely';

export interface PollsTable {
  id: string;
  guild_id: string | null;
  channel_id: string;
  creator_id: string;
  question: string;
  options_json: string;
  anonymous: number;
  max_choices: number;
  voter_salt: string;
  created_at: number;
  closes_at: number;
  closed_at: number | null;
  closed_by: string | null;
  message_channel_id: string | null;
  message_id: string | null;
}

export interface PollVotesTable {
  poll_id: string;
  voter: string;
  option_idx: number;
  voted_at: number;
}

export interface ArenaMatchesTable {
  id: string;
  guild_id: string | null;
  channel_id: string;
  creator_id: string;
  question: string;
  backend_a: string;
  backend_b: string;
  answer_a: string;
  answer_b: string;
  sources_json: string;
  blind: number;
  created_at: number;
}

export interface ArenaVotesTable {
  match_id: string;
  user_id: string;
  outcome: 'a' | 'b' | 'tie' | 'bad';
  voted_at: number;
}

export interface BackendUserChoiceTable {
  guild_id: string;
  user_id: string;
  backend: string;
  updated_at: number;
}

export interface BackendGuildDefaultTable {
  guild_id: string;
  backend: string;
  updated_by: string;
  updated_at: number;
}

export interface ChannelBackendPolicyTable {
  channel_id: string;
  guild_id: string | null;
  policy: 'open-only' | 'any';
  updated_by: string;
  updated_at: number;
}

export interface UsageDailyTable {
  guild_id: string;
  user_id: string;
  backend: string;
  day: string;
  requests: Generated<number>;
  input_tokens: Generated<number>;
  output_tokens: Generated<number>;
  cost_usd: number | null;
  price_as_of: string | null;
}

export interface TeamDocumentsTable {
  id: string;
  guild_id: string | null;
  title: string;
  file_name: string;
  format: string;
  text: string;
  loader_name: string;
  added_by_id: string;
  added_by_name: string;
  added_at: number;
  size_bytes: number;
  chunk_count: number;
}

export interface Schema {
  polls: PollsTable;
  poll_votes: PollVotesTable;
  arena_matches: ArenaMatchesTable;
  arena_votes: ArenaVotesTable;
  backend_user_choice: BackendUserChoiceTable;
  backend_guild_default: BackendGuildDefaultTable;
  channel_backend_policy: ChannelBackendPolicyTable;
  usage_daily: UsageDailyTable;
  team_documents: TeamDocumentsTable;
}
