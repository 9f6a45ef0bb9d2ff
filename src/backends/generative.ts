/**
 * Answers with one generative backend from already-retrieved chunks: builds the chat model,
 * runs the RAG chain under the timeout/retry rules and prices the usage. The arena calls it
 * with the same chunks for two backends; the answers service calls it for `/ask`.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from '../core/logger.js';
import { scrubSecrets } from '../core/logger.js';
import { removeSecrets, removeSecretsSoFar } from '../core/secrets.js';
import type { ConversationTurn, Source, Usage } from '../core/types.js';
import type { AnswerChunk } from '../answers/local-answerer.js';
import { runRagChain } from '../answers/rag-chain.js';
import { costUsd } from '../usage/pricing.js';
import { UserError } from '../core/errors.js';
import { BackendFailure } from './failures.js';
import type { BackendRegistry } from './registry.js';
import { callResiliently } from './resilient-call.js';

export interface GenerativeAnswer {
  backend: string;
  answer: string;
  sources: Source[];
  usage: Usage | null;
  costUsd: number | null;
  latencyMs: number;
}

export interface AnswerWithOptions {
  signal?: AbortSignal;
  onProgress?: (textSoFar: string) => void;
}

export interface GenerativeAnswererOptions {
  registry: BackendRegistry;
  timeoutMs: number;
  maxRetries: number;
  /** First retry delay (doubles each time). */
  retryBaseDelayMs?: number;
  logger?: Logger;
  /** Configured credentials: removed from answers, since a provider may echo one back. */
  secrets?: readonly string[];
  /** Aborted when Parley shuts down: calls in flight stop and say so. */
  stopping?: AbortSignal;
}

export const RESTARTING_MESSAGE = 'Parley is restarting, ask again in a moment.';

export class GenerativeAnswerer {
  constructor(private readonly options: GenerativeAnswererOptions) {}

  /** Throws BackendFailure (reason safe to show) when the backend cannot answer. */
  async answerWith(
    backendName: string,
    question: string,
    chunks: readonly AnswerChunk[],
    history: readonly ConversationTurn[] = [],
    callOptions: AnswerWithOptions = {},
  ): Promise<GenerativeAnswer> {
    const { registry, logger } = this.options;
    const entry = registry.get(backendName);
    if (!entry.create) throw new BackendFailure(entry.name, 'unavailable', 'it is not a generative backend');
    if (!entry.available) throw new BackendFailure(entry.name, 'unavailable', `it is not configured (${entry.unavailableReason ?? 'missing settings'})`);
    const problem = await entry.checkReady?.();
    if (problem) throw new BackendFailure(entry.name, problem.kind, problem.reason);
    const create = entry.create;
    const { stopping } = this.options;
    if (stopping?.aborted) throw new UserError(RESTARTING_MESSAGE, 'restarting');
    const signals = [callOptions.signal, stopping].filter((signal): signal is AbortSignal => signal !== undefined);
    const secrets = this.options.secrets ?? [];
    const onProgress = callOptions.onProgress;
    const started = performance.now();
    try {
      const result = await callResiliently(
        {
          backend: entry.name,
          timeoutMs: this.options.timeoutMs,
          maxRetries: this.options.maxRetries,
          baseDelayMs: this.options.retryBaseDelayMs ?? 500,
          ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
        },
        async (attempt) =>
          runRagChain(await create({ signal: attempt.signal }), { question, chunks, history }, {
            signal: attempt.signal,
            ...(onProgress ? { onProgress: (text: string) => onProgress(removeSecretsSoFar(text, secrets)) } : {}),
            onFirstToken: attempt.markDelivered,
          }),
      );
      // A silent empty answer (e.g. a stream missing its events) is a failure, not an answer.
      if (result.answer.trim() === '') throw new BackendFailure(entry.name, 'bad_response', 'it returned an empty answer');
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      return {
        backend: entry.name,
        answer: removeSecrets(result.answer, secrets),
        sources: result.sources,
        usage: result.usage,
        costUsd: costUsd(registry.catalogModel(entry)?.price, result.usage),
        latencyMs,
      };
    } catch (error) {
      if (stopping?.aborted) throw new UserError(RESTARTING_MESSAGE, 'restarting');
      const failure = error instanceof BackendFailure ? error : new BackendFailure(entry.name, 'bad_response', 'unexpected error');
      logger?.warn(
        { backend: entry.name, kind: failure.kind, status: failure.status, cause: scrubSecrets(describe(failure.cause ?? error), entry.secrets) },
        'backend call failed',
      );
      throw failure;
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}
