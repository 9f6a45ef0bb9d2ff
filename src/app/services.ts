/**
 * Everything the adapters (Discord, terminal) may call. Built once in create-services.ts,
 * closed once on shutdown. No discord.js types here.
 */
import type { Config } from '../config.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../store/store.js';
import type { Catalog } from '../knowledge/catalog-types.js';
import type { Retriever } from '../retrieval/types.js';
import type { AnswerService } from '../answers/answer-service.js';
import type { BackendsService } from '../backends/backends-service.js';
import type { UsageService } from '../usage/usage-service.js';
import type { PollScheduler, PollService } from '../polls/index.js';
import type { CompareService } from '../compare/index.js';
import type { ArenaService } from '../arena/index.js';
import type { TeamDocumentService } from '../knowledge/team-documents/index.js';

export interface Services {
  config: Config;
  logger: Logger;
  /** Settings, polls, votes, arena, usage and team documents: SQLite, or PostgreSQL with DATABASE_URL. */
  store: Store;
  /** The model catalog (knowledge/models.yaml). */
  catalog: Catalog;
  /** Hybrid search over the knowledge index. */
  retriever: Retriever;
  /** Cited answers (backend `local` by default). */
  answers: AnswerService;
  /** Answering backends: registry, selection (personal/server/channel policy), answerWith for comparisons. */
  backends: BackendsService;
  /** Token usage and estimated cost per server, user, backend and day. */
  usage: UsageService;
  /** Team polls (create, vote, close, results, list), persisted in the store. */
  polls: PollService;
  /** Closes polls at their deadline; started by the adapter that announces results (Discord bot), stopped by close(). */
  pollScheduler: PollScheduler;
  /** Cited model-versus-model tables and open-versus-closed by aspect. */
  compare: CompareService;
  /** Side-by-side answers from two backends, votes and the leaderboard. */
  arena: ArenaService;
  /** A server's own documents (/knowledge add|list|remove), retrieved beside the built-in knowledge. */
  teamDocuments: TeamDocumentService;
  // Each feature adds its service here (answers, backends, polls, compare, arena, usage…).
  /** First step of a shutdown: backend calls in flight stop and answer "Parley is restarting…". */
  abortInFlight(): void;
  close(): Promise<void>;
}
