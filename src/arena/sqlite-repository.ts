import type { SqliteDatabase } from '../store/database.js';
import type { ArenaRepository, StoredArenaVote } from './repository.js';
import type { ArenaMatch, ArenaOutcome, ArenaSide, MatchTally } from './types.js';

interface MatchRow {
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

interface StoredSides {
  a: Omit<ArenaSide, 'backend' | 'answer'>;
  b: Omit<ArenaSide, 'backend' | 'answer'>;
}

export class SqliteArenaRepository implements ArenaRepository {
  private readonly stmt;
  private readonly voteTx;

  constructor(db: SqliteDatabase) {
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO arena_matches (id, guild_id, channel_id, creator_id, question, backend_a, backend_b, answer_a, answer_b, sources_json, blind, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      get: db.prepare('SELECT * FROM arena_matches WHERE id = ?'),
      previous: db.prepare('SELECT outcome FROM arena_votes WHERE match_id = ? AND user_id = ?').pluck(),
      upsert: db.prepare(
        `INSERT INTO arena_votes (match_id, user_id, outcome, voted_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (match_id, user_id) DO UPDATE SET outcome = excluded.outcome, voted_at = excluded.voted_at`,
      ),
      tally: db.prepare('SELECT outcome, COUNT(*) AS n FROM arena_votes WHERE match_id = ? GROUP BY outcome'),
      guildVotes: db.prepare(
        `SELECT v.match_id AS matchId, m.backend_a AS backendA, m.backend_b AS backendB, v.outcome, v.voted_at AS votedAt
         FROM arena_votes v JOIN arena_matches m ON m.id = v.match_id
         WHERE m.guild_id IS ? ORDER BY v.voted_at, v.rowid`,
      ),
    };
    this.voteTx = db.transaction((matchId: string, userId: string, outcome: ArenaOutcome, at: number) => {
      const previous = (this.stmt.previous.get(matchId, userId) as ArenaOutcome | undefined) ?? null;
      this.stmt.upsert.run(matchId, userId, outcome, at);
      return { previous };
    });
  }

  async createMatch(match: ArenaMatch): Promise<void> {
    const sides: StoredSides = {
      a: { sources: match.a.sources, latencyMs: match.a.latencyMs },
      b: { sources: match.b.sources, latencyMs: match.b.latencyMs },
    };
    this.stmt.insert.run(
      match.id, match.guildId, match.channelId, match.creatorId, match.question,
      match.a.backend, match.b.backend, match.a.answer, match.b.answer, JSON.stringify(sides), match.blind ? 1 : 0, match.createdAt,
    );
  }

  async getMatch(id: string): Promise<ArenaMatch | undefined> {
    const row = this.stmt.get.get(id) as MatchRow | undefined;
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

  async vote(matchId: string, userId: string, outcome: ArenaOutcome, at: number): Promise<{ previous: ArenaOutcome | null }> {
    return this.voteTx.immediate(matchId, userId, outcome, at);
  }

  async tally(matchId: string): Promise<MatchTally> {
    const tally: MatchTally = { a: 0, b: 0, tie: 0, bad: 0, total: 0 };
    for (const row of this.stmt.tally.all(matchId) as Array<{ outcome: ArenaOutcome; n: number }>) {
      tally[row.outcome] = row.n;
      tally.total += row.n;
    }
    return tally;
  }

  async votesInGuild(guildId: string | null): Promise<StoredArenaVote[]> {
    return this.stmt.guildVotes.all(guildId) as StoredArenaVote[];
  }
}
