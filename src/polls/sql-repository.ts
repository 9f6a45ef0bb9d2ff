import type { Kysely, Selectable } from 'kysely';
import type { SqliteDatabase } from '../store/database.js';
import type { PollsTable, Schema } from '../store/schema.js';
import { sqliteStore, type Store } from '../store/store.js';
import { decideVote } from './vote-rules.js';
import type { CastVoteInput, CastVoteResult, PollRepository, VoteRow } from './repository.js';
import type { NewPoll, Poll, PollOption } from './types.js';

function toPoll(row: Selectable<PollsTable>): Poll & { voterSalt: string } {
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

/**
 * Polls on SQLite or PostgreSQL (see store.ts). A vote is one write transaction that holds the
 * poll row against closing (FOR SHARE on PostgreSQL) and serialises one voter's clicks (an
 * advisory lock on poll+voter), so concurrent clicks from any number of processes stay one vote
 * per member; closing is a compare-and-set on closed_at, so exactly one closer wins.
 */
export class SqlPollRepository implements PollRepository {
  private readonly db: Kysely<Schema>;

  constructor(private readonly store: Store) {
    this.db = store.db;
  }

  async create(poll: NewPoll): Promise<Poll> {
    await this.db
      .insertInto('polls')
      .values({
        id: poll.id,
        guild_id: poll.guildId,
        channel_id: poll.channelId,
        creator_id: poll.creatorId,
        question: poll.question,
        options_json: JSON.stringify(poll.options),
        anonymous: poll.anonymous ? 1 : 0,
        max_choices: poll.maxChoices,
        voter_salt: poll.voterSalt,
        created_at: poll.createdAt,
        closes_at: poll.closesAt,
      })
      .execute();
    return (await this.get(poll.id))!;
  }

  async get(id: string): Promise<Poll | undefined> {
    const row = await this.db.selectFrom('polls').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? publicPoll(toPoll(row)) : undefined;
  }

  async listOpen(guildId?: string | null): Promise<Poll[]> {
    let query = this.db.selectFrom('polls').selectAll().where('closed_at', 'is', null);
    if (guildId !== undefined) query = query.where('guild_id', 'is not distinct from', guildId);
    const rows = await query.orderBy('closes_at').execute();
    return rows.map((row) => publicPoll(toPoll(row)));
  }

  async listOverdue(now: number): Promise<Poll[]> {
    const rows = await this.db.selectFrom('polls').selectAll().where('closed_at', 'is', null).where('closes_at', '<=', now).orderBy('closes_at').execute();
    return rows.map((row) => publicPoll(toPoll(row)));
  }

  castVote(input: CastVoteInput): Promise<CastVoteResult> {
    return this.store.write(async (trx) => {
      let pollQuery = trx.selectFrom('polls').selectAll().where('id', '=', input.pollId);
      if (this.store.dialect === 'postgres') pollQuery = pollQuery.forShare();
      const row = await pollQuery.executeTakeFirst();
      if (!row || row.guild_id !== input.guildId) return { status: 'unknown' };
      const poll = toPoll(row);
      if (poll.closedAt !== null || poll.closesAt <= input.now) return { status: 'closed', poll: publicPoll(poll) };
      if (!Number.isInteger(input.optionIndex) || input.optionIndex < 0 || input.optionIndex >= poll.options.length) {
        return { status: 'bad_option', poll: publicPoll(poll) };
      }
      const voter = input.voterKey(poll);
      await this.store.lock(trx, `poll:${poll.id}:${voter}`);
      const current = await trx
        .selectFrom('poll_votes')
        .select(['option_idx as optionIndex', 'voted_at as votedAt'])
        .where('poll_id', '=', poll.id)
        .where('voter', '=', voter)
        .execute();
      const decision = decideVote(current, input.optionIndex, poll.maxChoices, input.now, input.doubleClickMs);
      if (decision.kind === 'limit') return { status: 'limit', poll: publicPoll(poll), maxChoices: decision.maxChoices, choices: decision.choices };
      const mine = trx.deleteFrom('poll_votes').where('poll_id', '=', poll.id).where('voter', '=', voter);
      if (decision.change === 'replaced') await mine.execute();
      if (decision.change === 'removed') await mine.where('option_idx', '=', input.optionIndex).execute();
      if (decision.change === 'added' || decision.change === 'replaced') {
        await trx
          .insertInto('poll_votes')
          .values({ poll_id: poll.id, voter, option_idx: input.optionIndex, voted_at: input.now })
          .onConflict((conflict) => conflict.doNothing())
          .execute();
      }
      return { status: 'ok', poll: publicPoll(poll), change: decision.change, choices: decision.choices };
    });
  }

  async close(id: string, closedAt: number, closedBy: string | null): Promise<boolean> {
    const result = await this.db.updateTable('polls').set({ closed_at: closedAt, closed_by: closedBy }).where('id', '=', id).where('closed_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async votes(pollId: string): Promise<VoteRow[]> {
    return this.db
      .selectFrom('poll_votes')
      .select(['voter', 'option_idx as optionIndex'])
      .where('poll_id', '=', pollId)
      .orderBy('voted_at')
      .orderBy(this.store.insertionOrder('poll_votes'))
      .execute();
  }

  async attachMessage(pollId: string, channelId: string, messageId: string): Promise<void> {
    await this.db.updateTable('polls').set({ message_channel_id: channelId, message_id: messageId }).where('id', '=', pollId).execute();
  }
}

/** The SQLite form over an open better-sqlite3 handle (tests, scripts). */
export class SqlitePollRepository extends SqlPollRepository {
  constructor(db: SqliteDatabase) {
    super(sqliteStore(db));
  }
}
