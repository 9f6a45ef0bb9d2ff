/**
 * Plugs a generative backend into the answers service: the same retrieved chunks, the local
 * coverage check first (no paid call for a question the knowledge base does not cover), usage
 * recorded, and on failure the `local` answer marked as a fallback (unless PARLEY_FALLBACK=off).
 */
import { scoringQuestion, type AnswerBackend, type BackendAnswer } from '../answers/answer-service.js';
import { answerLocally } from '../answers/local-answerer.js';
import type { Logger } from '../core/logger.js';
import type { RequestContext } from '../core/types.js';
import type { UsageService } from '../usage/usage-service.js';
import { BackendFailure } from './failures.js';
import type { GenerativeAnswerer } from './generative.js';
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

export function generativeAnswerBackend(name: string, deps: GenerativeAnswerBackendDeps): AnswerBackend {
  return {
    name,
    async answer(question, chunks, ctx, input): Promise<BackendAnswer> {
      // The coverage check reads a follow-up with the subject it leans on; the chain gets the question and history.
      const local = answerLocally(scoringQuestion(question, input), chunks);
      if (!local.covered) return { ...local, usage: null, costUsd: null };
      await deps.admit(ctx, name);
      try {
        const result = await deps.generative.answerWith(name, question, chunks, input.history ?? [], {
          ...(input.signal ? { signal: input.signal } : {}),
          ...(input.onProgress ? { onProgress: input.onProgress } : {}),
        });
        if (result.usage) {
          const entry = deps.registry.find(name);
          const price = entry ? deps.registry.catalogModel(entry)?.price : undefined;
          await deps.usage.record(ctx, result.backend, result.usage, result.costUsd, price?.asOf ?? null).catch((error: unknown) => {
            deps.logger.warn({ err: error, backend: name }, 'could not record usage');
          });
        }
        return { answer: result.answer, sources: result.sources, covered: true, usage: result.usage, costUsd: result.costUsd, backend: result.backend };
      } catch (error) {
        if (!(error instanceof BackendFailure) || error.kind === 'cancelled' || !deps.fallback) throw error;
        return { ...local, usage: null, costUsd: null, backend: 'local', fallback: { from: error.backend, reason: error.reason } };
      }
    },
  };
}
