/** Connects the arena to the backends feature: names, channel policy and answers from given chunks. */
import { UserError } from '../core/errors.js';
import type { BackendsService } from '../backends/backends-service.js';
import type { ArenaBackends } from './arena-service.js';

export function arenaBackendsFrom(backends: Pick<BackendsService, 'registry' | 'assertAllowed' | 'admit' | 'answerWith'>): ArenaBackends {
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
    answer: (backend, question, chunks) => backends.answerWith(backend, question, chunks),
  };
}
