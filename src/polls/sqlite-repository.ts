import type { SqliteDatabase } from '../store/database.js';
import { decideVote } from './vote-rules.js';
import type { CastVoteInput, CastVoteResult, PollRepository, VoteRow } from './repository.js';
import type { NewPoll, Poll, PollOption } from './types.js';

interface PollRow {
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

function toPoll(row: PollRow): Poll & { voterSalt: string } {
  return {
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    creatorId: row.creator_id,
    question: row.question,
    options: JSON.parse(row.options_json) as PollOption[],
    anonymous: row.anonymous === 1,
    maxChoices: row.max_choices,
    createdAt: row.created_at,
    closesAt: row.closes_at,
    closedAt: row.closed_at,
    closedBy: row.closed_by,
    messageChannelId: row.message_channel_id,
    messageId: row.message_id,
    voterSalt: row.voter_salt,
  };
}

function publicPoll(poll: Poll & { voterSalt?: string }): Poll {
  const { voterSalt: _salt, ...rest } = poll;
  return rest;
}

/** SQLite implementation. better-sqlite3 is synchronous, so each call is one atomic step in this process. */
export class SqlitePollRepository implements PollRepository {
  private readonly stmt;
  private readonly castVoteTx;

  constructor(db: SqliteDatabase) {
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO polls (id, guild_id, channel_id, creator_id, question, options_json, anonymous, max_choices, voter_salt, created_at, closes_at)
         VALUES (@id, @guildId, @channelId, @creatorId, @question, @optionsJson, @anonymous, @maxChoices, @voterSalt, @createdAt, @closesAt)`,
      ),
      get: db.prepare('SELECT * FROM polls WHERE id = ?'),
      listOpenAll: db.prepare('SELECT * FROM polls WHERE closed_at IS NULL ORDER BY closes_at'),
      listOpenGuild: db.prepare('SELECT * FROM polls WHERE closed_at IS NULL AND guild_id IS ? ORDER BY closes_at'),
      overdue: db.prepare('SELECT * FROM polls WHERE closed_at IS NULL AND closes_at <= ? ORDER BY closes_at'),
      votesOf: db.prepare('SELECT option_idx AS optionIndex, voted_at AS votedAt FROM poll_votes WHERE poll_id = ? AND voter = ?'),
      deleteVotesOf: db.prepare('DELETE FROM poll_votes WHERE poll_id = ? AND voter = ?'),
      deleteVote: db.prepare('DELETE FROM poll_votes WHERE poll_id = ? AND voter = ? AND option_idx = ?'),
      insertVote: db.prepare('INSERT OR IGNORE INTO poll_votes (poll_id, voter, option_idx, voted_at) VALUES (?, ?, ?, ?)'),
      close: db.prepare('UPDATE polls SET closed_at = ?, closed_by = ? WHERE id = ? AND closed_at IS NULL'),
      votes: db.prepare('SELECT voter, option_idx AS optionIndex FROM poll_votes WHERE poll_id = ? ORDER BY voted_at, rowid'),
      attach: db.prepare('UPDATE polls SET message_channel_id = ?, message_id = ? WHERE id = ?'),
    };

    this.castVoteTx = db.transaction((input: CastVoteInput): CastVoteResult => {
      const row = this.stmt.get.get(input.pollId) as PollRow | undefined;
      if (!row || row.guild_id !== input.guildId) return { status: 'unknown' };
      const poll = toPoll(row);
      if (poll.closedAt !== null || poll.closesAt <= input.now) return { status: 'closed', poll: publicPoll(poll) };
      if (!Number.isInteger(input.optionIndex) || input.optionIndex < 0 || input.optionIndex >= poll.options.length) {
        return { status: 'bad_option', poll: publicPoll(poll) };
      }
      const voter = input.voterKey(poll);
      const current = this.stmt.votesOf.all(poll.id, voter) as Array<{ optionIndex: number; votedAt: number }>;
      const decision = decideVote(current, input.optionIndex, poll.maxChoices, input.now, input.doubleClickMs);
      if (decision.kind === 'limit') return { status: 'limit', poll: publicPoll(poll), maxChoices: decision.maxChoices, choices: decision.choices };
      if (decision.change === 'replaced') this.stmt.deleteVotesOf.run(poll.id, voter);
      if (decision.change === 'removed') this.stmt.deleteVote.run(poll.id, voter, input.optionIndex);
      if (decision.change === 'added' || decision.change === 'replaced') this.stmt.insertVote.run(poll.id, voter, input.optionIndex, input.now);
      return { status: 'ok', poll: publicPoll(poll), change: decision.change, choices: decision.choices };
    });
  }

  async create(poll: NewPoll): Promise<Poll> {
    this.stmt.insert.run({
      id: poll.id,
      guildId: poll.guildId,
      channelId: poll.channelId,
      creatorId: poll.creatorId,
      question: poll.question,
      optionsJson: JSON.stringify(poll.options),
      anonymous: poll.anonymous ? 1 : 0,
      maxChoices: poll.maxChoices,
      voterSalt: poll.voterSalt,
      createdAt: poll.createdAt,
      closesAt: poll.closesAt,
    });
    return publicPoll((await this.getWithSalt(poll.id))!);
  }

  async get(id: string): Promise<Poll | undefined> {
    const poll = await this.getWithSalt(id);
    return poll ? publicPoll(poll) : undefined;
  }

  private async getWithSalt(id: string) {
    const row = this.stmt.get.get(id) as PollRow | undefined;
    return row ? toPoll(row) : undefined;
  }

  async listOpen(guildId?: string | null): Promise<Poll[]> {
    const rows = (guildId === undefined ? this.stmt.listOpenAll.all() : this.stmt.listOpenGuild.all(guildId)) as PollRow[];
    return rows.map((row) => publicPoll(toPoll(row)));
  }

  async listOverdue(now: number): Promise<Poll[]> {
    return (this.stmt.overdue.all(now) as PollRow[]).map((row) => publicPoll(toPoll(row)));
  }

  async castVote(input: CastVoteInput): Promise<CastVoteResult> {
    // IMMEDIATE takes the write lock up front, so a second process (a restart overlapping) waits instead of racing.
    return this.castVoteTx.immediate(input);
  }

  async close(id: string, closedAt: number, closedBy: string | null): Promise<boolean> {
    return this.stmt.close.run(closedAt, closedBy, id).changes === 1;
  }

  async votes(pollId: string): Promise<VoteRow[]> {
    return this.stmt.votes.all(pollId) as VoteRow[];
  }

  async attachMessage(pollId: string, channelId: string, messageId: string): Promise<void> {
    this.stmt.attach.run(channelId, messageId, pollId);
  }
}
