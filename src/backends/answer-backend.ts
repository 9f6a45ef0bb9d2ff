/**
 * Plugs a generative backend into the answers service: it gets the retrieved chunks as they are
 * (the service has already declined questions the knowledge base does not cover, without a model
 * call), usage is recorded, and on failure the `local` answer is marked as a fallback (unless
 * PARLEY_FALLBACK=off).
 */
import type { AnswerBackend, BackendAnswer } from '../answers/answer-service.js';
import { answerLocally } from '../answers/local-answerer.js';
import type { Logger } from '../core/logger.js';
import type { RequestContext } from '../core/types.js';
import type { UsageService } from '../usage/usage-service.js';
import { BackendFailure } from './failures.js';
import type { GenerativeAnswer, GenerativeAnswerer } from './generative.js';
import type { BackendRegistry } from './registry.js';

export interface GenerativeAnswerBackendDeps {
  registry: BackendRegistry;
  generative: GenerativeAnswerer;
  usage: UsageService;
  fallback: boolean;
  logger: Logger;
  /** Rate limit and daily budget: refuses the call (UserError) when over a limit. */
  admit(ctx: RequestContext, backend: string): Promise<void>;
}

/** Counts a generative answer's tokens and cost for the server (`/usage`, the daily budget); a failure to record is logged, not fatal. */
export async function recordUsage(deps: Pick<GenerativeAnswerBackendDeps, 'registry' | 'usage' | 'logger'>, ctx: RequestContext, result: GenerativeAnswer): Promise<void> {
  if (!result.usage) return;
  const entry = deps.registry.find(result.backend);
  const price = entry ? deps.registry.catalogModel(entry)?.price : undefined;
  await deps.usage.record(ctx, result.backend, result.usage, result.costUsd, price?.asOf ?? null).catch((error: unknown) => {
    deps.logger.warn({ err: error, backend: result.backend }, 'could not record usage');
  });
}

export function generativeAnswerBackend(name: string, deps: GenerativeAnswerBackendDeps): AnswerBackend {
  return {
    name,
    async answer(question, chunks, ctx, input, context): Promise<BackendAnswer> {
      await deps.admit(ctx, name);
      try {
        const result = await deps.generative.answerWith(name, question, chunks, input.history ?? [], {
          ...(input.signal ? { signal: input.signal } : {}),
          ...(input.onProgress ? { onProgress: input.onProgress } : {}),
        });
        await recordUsage(deps, ctx, result);
        return { answer: result.answer, sources: result.sources, covered: true, usage: result.usage, costUsd: result.costUsd, backend: result.backend };
      } catch (error) {
        if (!(error instanceof BackendFailure) || error.kind === 'cancelled' || !deps.fallback) throw error;
        const local = answerLocally(context?.query ?? question, chunks, { ...context });
        return { ...local, usage: null, costUsd: null, backend: 'local', fallback: { from: error.backend, reason: error.reason } };
      }
    },
  };
}
