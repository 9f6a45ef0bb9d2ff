/**
 * The backends feature as the adapters and other services see it: the registry, the selection
 * rules (personal / server / channel policy), and `answerWith` for comparisons.
 */
import type { AnswerBackend } from '../answers/answer-service.js';
import type { AnswerChunk } from '../answers/local-answerer.js';
import { ConfigError, type Config } from '../config.js';
import type { Logger } from '../core/logger.js';
import { configuredSecrets } from '../core/secrets.js';
import type { AskInput, RequestContext, Source, Usage } from '../core/types.js';
import type { Catalog, CatalogModel } from '../knowledge/catalog-types.js';
import type { UsageService } from '../usage/usage-service.js';
import { SpendGuard } from '../usage/spend-guard.js';
import { generativeAnswerBackend, recordUsage } from './answer-backend.js';
import { GenerativeAnswerer, type AnswerWithOptions } from './generative.js';
import { BackendRegistry } from './registry.js';
import { BackendSelection, type SelectionSource } from './selection.js';
import type { ChannelPolicy, SettingsRepository } from './settings-repository.js';
import type { BackendEntry } from './types.js';

export interface BackendAnswerWith {
  backend: string;
  answer: string;
  sources: Source[];
  covered: boolean;
  usage: Usage | null;
  costUsd: number | null;
  latencyMs: number;
}

export interface BackendListItem {
  entry: BackendEntry;
  catalogModel: CatalogModel | undefined;
  /** True for the backend the caller gets here and now. */
  current: boolean;
  /** False when this channel's policy refuses it. */
  allowedHere: boolean;
}

export interface BackendsService {
  registry: BackendRegistry;
  selection: BackendSelection;
  /** Refuses (UserError) a backend the channel policy forbids; compare/arena call it for each side. */
  assertAllowed(ctx: RequestContext, backendName: string): Promise<void>;
  /** Per-member rate and daily spend cap on generative backends (`/usage` shows the budget). */
  guard: SpendGuard;
  /** Counts one call of `backendName` for the caller, or refuses it (UserError) over a limit; `local` always passes. */
  admit(ctx: RequestContext, backendName: string): Promise<void>;
  /**
   * One answer from the generative backend `backendName` for already-retrieved chunks, so that a
   * comparison retrieves once and sends the same context to both sides; its usage is recorded for
   * the server. Throws BackendFailure (a UserError naming the backend and the reason) when it fails.
   */
  answerWith(ctx: RequestContext, backendName: string, question: string, chunks: readonly AnswerChunk[], options?: AnswerWithOptions): Promise<BackendAnswerWith>;
  /** For `/model list`: every listed backend, marked current / allowed for the caller. */
  listFor(ctx: RequestContext): Promise<{ items: BackendListItem[]; current: BackendEntry; source: SelectionSource; policy: ChannelPolicy }>;
  /** Hooks for the answers service. */
  resolveForAnswer(ctx: RequestContext, input: AskInput): Promise<string>;
  answerBackendFor(name: string): AnswerBackend | undefined;
}

export interface CreateBackendsOptions {
  config: Config;
  catalog: Catalog | null;
  logger: Logger;
  usage: UsageService;
  settings: SettingsRepository;
  /** First retry delay in ms (tests shorten it). */
  retryBaseDelayMs?: number;
  /** Aborted on shutdown: generative calls in flight stop and tell the member Parley is restarting. */
  stopping?: AbortSignal;
}

export function createBackendsService(options: CreateBackendsOptions): BackendsService {
  const { config, logger } = options;
  const registry = new BackendRegistry(config.backends, options.catalog);
  const selection = new BackendSelection(registry, options.settings, config.backends.defaultBackend);
  const generative = new GenerativeAnswerer({
    registry,
    timeoutMs: config.backends.timeoutMs,
    maxRetries: config.backends.maxRetries,
    ...(options.retryBaseDelayMs !== undefined ? { retryBaseDelayMs: options.retryBaseDelayMs } : {}),
    logger,
    secrets: configuredSecrets(config),
    ...(options.stopping ? { stopping: options.stopping } : {}),
  });
  const guard = new SpendGuard(options.usage, config.limits);
  const admit = async (ctx: RequestContext, backendName: string) => {
    const entry = registry.get(backendName);
    if (entry.provider === 'local') return;
    await guard.admit(ctx, entry.name, registry.catalogModel(entry)?.price != null);
  };
  const deps = { registry, generative, usage: options.usage, fallback: config.backends.fallback, logger, admit };
  try {
    registry.get(config.backends.defaultBackend);
  } catch (error) {
    throw new ConfigError([`PARLEY_DEFAULT_BACKEND: ${error instanceof Error ? error.message : String(error)}`]);
  }

  return {
    registry,
    selection,
    assertAllowed: (ctx, backendName) => selection.assertAllowed(ctx, backendName),
    guard,
    admit,
    async answerWith(ctx, backendName, question, chunks, callOptions = {}) {
      const result = await generative.answerWith(registry.get(backendName).name, question, chunks, [], callOptions);
      await recordUsage(deps, ctx, result);
      return { ...result, covered: result.sources.length > 0 };
    },
    async listFor(ctx) {
      const { backend: current, source } = await selection.current(ctx);
      const policy = await selection.policy(ctx);
      const entries = await registry.listLive();
      if (!entries.some((entry) => entry.name === current.name)) entries.push(current);
      const items = entries.map((entry) => ({
        entry,
        catalogModel: registry.catalogModel(entry),
        current: entry.name === current.name,
        allowedHere: policy === 'any' || entry.access === 'open',
      }));
      return { items, current, source, policy };
    },
    async resolveForAnswer(ctx, input) {
      return (await selection.resolve(ctx, input.backend)).backend.name;
    },
    answerBackendFor(name) {
      const entry = registry.find(name);
      if (!entry || entry.provider === 'local') return undefined;
      return generativeAnswerBackend(entry.name, deps);
    },
  };
}
