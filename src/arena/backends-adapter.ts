/**
 * Connects the arena to the answers and backends features: names, channel policy, the answers
 * pipeline's retrieval and coverage decision, the `local` answer as `/ask` gives it, and generative
 * answers from the prepared chunks (their usage recorded like any answer's).
 */
import { performance } from 'node:perf_hooks';
import type { AnswerService, PreparedQuestion } from '../answers/answer-service.js';
import { UserError } from '../core/errors.js';
import type { BackendsService } from '../backends/backends-service.js';
import type { ArenaBackends } from './arena-service.js';

export function arenaBackendsFrom(
  backends: Pick<BackendsService, 'registry' | 'assertAllowed' | 'admit' | 'answerWith'>,
  answers: Pick<AnswerService, 'prepare' | 'localAnswer'>,
): ArenaBackends<PreparedQuestion> {
  return {
    resolve(name) {
      const entry = backends.registry.get(name);
      if (!entry.available) throw new UserError(`${entry.name} is not available: ${entry.unavailableReason ?? 'it is not configured'}.`, 'backend_unavailable');
      return entry.name;
    },
    // Both sides are checked (policy, then rate and budget) before either is called.
    async assertAllowed(ctx, backend) {
      await backends.assertAllowed(ctx, backend);
      await backends.admit(ctx, backend);
    },
    prepare: (ctx, question) => answers.prepare(ctx, { question }),
    async answer(ctx, backend, prepared) {
      if (backends.registry.get(backend).provider !== 'local') return backends.answerWith(ctx, backend, prepared.question, prepared.chunks);
      const started = performance.now();
      const local = await answers.localAnswer(ctx, prepared);
      return { ...local, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
    },
  };
}
