import type { Kysely } from 'kysely';
import type { SqliteDatabase } from '../store/database.js';
import type { Schema } from '../store/schema.js';
import { sqliteStore, type Store } from '../store/store.js';
import type { ArenaRepository, StoredArenaVote } from './repository.js';
import type { ArenaMatch, ArenaOutcome, ArenaSide, MatchTally } from './types.js';

interface StoredSides {
  a: Omit<ArenaSide, 'backend' | 'answer'>;
  b: Omit<ArenaSide, 'backend' | 'answer'>;
}

/** Arena matches and votes on SQLite or PostgreSQL; a member's vote on a match is serialised across processes. */
export class SqlArenaRepository implements ArenaRepository {
  private readonly db: Kysely<Schema>;

  constructor(private readonly store: Store) {
    this.db = store.db;
  }

  async createMatch(match: ArenaMatch): Promise<void> {
    const sides: StoredSides = {
      a: { sources: match.a.sources, latencyMs: match.a.latencyMs },
      b: { sources: match.b.sources, latencyMs: match.b.latencyMs },
    };
    await this.db
      .insertInto('arena_matches')
      .values({
        id: match.id,
        guild_id: match.guildId,
        channel_id: match.channelId,
        creator_id: match.creatorId,
        question: match.question,
        backend_a: match.a.backend,
        backend_b: match.b.backend,
        answer_a: match.a.answer,
        answer_b: match.b.answer,
        sources_json: JSON.stringify(sides),
        blind: match.blind ? 1 : 0,
        created_at: match.createdAt,
      })
      .execute();
  }

  async getMatch(id: string): Promise<ArenaMatch | undefined> {
    const row = await this.db.selectFrom('arena_matches').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const sides = JSON.parse(row.sources_json) as StoredSides;
    return {
      id: row.id,
      guildId: row.guild_id,
      channelId: row.channel_id,
      creatorId: row.creator_id,
      question: row.question,
      a: { backend: row.backend_a, answer: row.answer_a, ...sides.a },
      b: { backend: row.backend_b, answer: row.answer_b, ...sides.b },
      blind: row.blind === 1,
      createdAt: row.created_at,
    };
  }

  vote(matchId: string, userId: string, outcome: ArenaOutcome, at: number, options: { keepFirst?: boolean } = {}): Promise<{ previous: ArenaOutcome | null }> {
    return this.store.write(async (trx) => {
      await this.store.lock(trx, `arena:${matchId}:${userId}`);
      const previous = await trx.selectFrom('arena_votes').select('outcome').where('match_id', '=', matchId).where('user_id', '=', userId).executeTakeFirst();
      if (previous && options.keepFirst) return { previous: previous.outcome };
      await trx
        .insertInto('arena_votes')
        .values({ match_id: matchId, user_id: userId, outcome, voted_at: at })
        .onConflict((conflict) => conflict.columns(['match_id', 'user_id']).doUpdateSet((eb) => ({ outcome: eb.ref('excluded.outcome'), voted_at: eb.ref('excluded.voted_at') })))
        .execute();
      return { previous: previous?.outcome ?? null };
    });
  }

  async tally(matchId: string): Promise<MatchTally> {
    const tally: MatchTally = { a: 0, b: 0, tie: 0, bad: 0, total: 0 };
    const rows = await this.db
      .selectFrom('arena_votes')
      .select((eb) => ['outcome', eb.fn.countAll<number>().as('n')])
      .where('match_id', '=', matchId)
      .groupBy('outcome')
      .execute();
    for (const row of rows) {
      tally[row.outcome] = Number(row.n);
      tally.total += Number(row.n);
    }
    return tally;
  }

  async votesInGuild(guildId: string | null): Promise<StoredArenaVote[]> {
    return this.db
      .selectFrom('arena_votes as v')
      .innerJoin('arena_matches as m', 'm.id', 'v.match_id')
      .select(['v.match_id as matchId', 'm.backend_a as backendA', 'm.backend_b as backendB', 'v.outcome', 'v.voted_at as votedAt'])
      .where('m.guild_id', 'is not distinct from', guildId)
      .orderBy('v.voted_at')
      .orderBy(this.store.insertionOrder('v'))
      .execute();
  }
}

/** The SQLite form over an open better-sqlite3 handle (tests, scripts). */
export class SqliteArenaRepository extends SqlArenaRepository {
  constructor(db: SqliteDatabase) {
    super(sqliteStore(db));
  }
}
