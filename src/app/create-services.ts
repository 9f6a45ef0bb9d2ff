/**
 * Composition root of the services: config → logger → store (SQLite or PostgreSQL) → catalog → index → retriever
 * → backends and usage → answers → polls, comparisons, arena. Adapters (Discord, terminal, CLI)
 * receive the result and call nothing else.
 */
import { createAnswerService } from '../answers/answer-service.js';
import { createBackendsService } from '../backends/backends-service.js';
import { SqlUsageRepository } from '../usage/usage-repository.js';
import { UsageService } from '../usage/usage-service.js';
import type { Config } from '../config.js';
import { createLogger, type Logger } from '../core/logger.js';
import { loadCatalog } from '../knowledge/catalog.js';
import { createRetriever, ensureIndex } from '../retrieval/index.js';
import { openStore } from '../store/store.js';
import { SqlSettingsRepository } from '../backends/settings-repository.js';
import { PollScheduler, PollService, SqlPollRepository } from '../polls/index.js';
import { CompareService, documentTitles } from '../compare/index.js';
import { ArenaService, SqlArenaRepository } from '../arena/index.js';
import { arenaBackendsFrom } from '../arena/backends-adapter.js';
import { SqlTeamDocumentRepository, TeamDocumentService } from '../knowledge/team-documents/index.js';
import type { Services } from './services.js';

export interface ServiceOverrides {
  logger?: Logger;
}

export async function createServices(config: Config, overrides: ServiceOverrides = {}): Promise<Services> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    sqliteFile: config.dbPath,
    onIdleError: (error) => logger.warn({ err: error }, 'a PostgreSQL connection failed; the pool reconnects'),
  });
  // Closed in reverse order of creation; the store last.
  const cleanups: Array<() => void | Promise<void>> = [() => store.close()];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const catalog = loadCatalog(config.knowledgeDir);
    const index = await ensureIndex(config, logger);
    cleanups.push(() => index.close());
    const retriever = createRetriever(index, { logger });
    const usage = new UsageService(new SqlUsageRepository(store));
    const stopping = new AbortController();
    const backends = createBackendsService({ config, settings: new SqlSettingsRepository(store), catalog, logger, usage, stopping: stopping.signal });
    const teamDocuments = await TeamDocumentService.create({ repository: new SqlTeamDocumentRepository(store), index, baseRetriever: retriever, logger });
    cleanups.push(() => teamDocuments.close());
    const answers = createAnswerService({ retriever: (ctx) => teamDocuments.retrieverFor(ctx), logger, catalog, resolveBackend: backends.resolveForAnswer, backendFor: backends.answerBackendFor });
    const titleOf = documentTitles(config.knowledgeDir);
    const polls = new PollService({ repository: new SqlPollRepository(store), catalog, titleOf });
    const pollScheduler = new PollScheduler(polls, logger, { sweepMs: config.pollSweepMs });
    cleanups.push(() => pollScheduler.stop());
    const compare = new CompareService({ catalog, retriever, knowledgeDir: config.knowledgeDir, titleOf });
    const arena = new ArenaService({ repository: new SqlArenaRepository(store), backends: arenaBackendsFrom(backends, answers) });

    let closed = false;
    return {
      config,
      logger,
      store,
      catalog,
      retriever,
      answers,
      backends,
      usage,
      polls,
      pollScheduler,
      compare,
      arena,
      teamDocuments,
      abortInFlight: () => stopping.abort(),
      async close() {
        if (closed) return;
        closed = true;
        stopping.abort();
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
