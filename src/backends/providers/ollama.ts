import type { Config } from '../../config.js';
import type { BackendEntry } from '../types.js';
import { notPulledReason, shortName, type OllamaModelList, type OllamaModels } from './ollama-models.js';

export const OLLAMA_PREFIX = 'ollama';

/** Any model name: whether it is pulled is asked of Ollama just before a call (`checkReady`). */
export function ollamaBackend(model: string, config: Config['backends']['ollama'], pulled: OllamaModels): BackendEntry {
  const name = shortName(model);
  return {
    name: `${OLLAMA_PREFIX}:${name}`,
    provider: 'ollama',
    access: 'open',
    model: name,
    catalogModelId: null,
    available: true,
    secrets: [],
    checkReady: async () => {
      const problem = await pulled.problemWith(name);
      return problem ? { reason: problem.reason, kind: problem.kind === 'not_pulled' ? 'unavailable' : 'refused' } : null;
    },
    create: async (options) => {
      // Loaded on first use: a provider package costs memory and start-up time even when unused.
      const { ChatOllama } = await import('@langchain/ollama');
      return new ChatOllama({
        model: name,
        baseUrl: config.baseUrl,
        // ChatOllama does not hand the call's AbortSignal to its HTTP client, so a hung server
        // would never be cut off; this fetch ties each request to Parley's signal.
        fetch: (input, init) => fetch(input, { ...init, signal: joinSignals(init?.signal, options?.signal) }),
      });
    },
  };
}

/**
 * The Ollama backends to list: every pulled model (with its size) and every OLLAMA_MODELS entry,
 * marked unavailable with the reason when it is not pulled or Ollama cannot be reached.
 */
export function ollamaBackends(config: Config['backends']['ollama'], pulled: OllamaModels, list: OllamaModelList | null): BackendEntry[] {
  const seen = list?.reachable ? list.models : pulled.known();
  const configured = config.models.map(shortName);
  const names = [...new Set([...seen.map((m) => m.name), ...configured])];
  if (names.length === 0) names.push('llama2');
  return names.map((name) => {
    const entry = ollamaBackend(name, config, pulled);
    const found = seen.find((m) => m.name === name);
    if (list && !list.reachable) return { ...entry, available: false, unavailableReason: list.reason };
    if (list && !found) return { ...entry, available: false, unavailableReason: notPulledReason(name) };
    return found ? { ...entry, sizeBytes: found.sizeBytes } : entry;
  });
}

function joinSignals(a: AbortSignal | null | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (a && b) return AbortSignal.any([a, b]);
  return a ?? b;
}
