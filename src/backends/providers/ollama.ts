import type { Config } from '../../config.js';
import type { BackendEntry } from '../types.js';

export const OLLAMA_PREFIX = 'ollama';

export function ollamaBackend(model: string, config: Config['backends']['ollama']): BackendEntry {
  const configured = config.models.length > 0;
  return {
    name: `${OLLAMA_PREFIX}:${model}`,
    provider: 'ollama',
    access: 'open',
    model,
    catalogModelId: null,
    available: configured,
    ...(configured ? {} : { unavailableReason: 'set OLLAMA_MODELS to the models you pulled (e.g. llama2) and OLLAMA_BASE_URL if Ollama is not local' }),
    secrets: [],
    create: async (options) => {
      // Loaded on first use: a provider package costs memory and start-up time even when unused.
      const { ChatOllama } = await import('@langchain/ollama');
      return new ChatOllama({
        model,
        baseUrl: config.baseUrl,
        // ChatOllama does not hand the call's AbortSignal to its HTTP client, so a hung server
        // would never be cut off; this fetch ties each request to Parley's signal.
        fetch: (input, init) => fetch(input, { ...init, signal: joinSignals(init?.signal, options?.signal) }),
      });
    },
  };
}

export function ollamaBackends(config: Config['backends']['ollama']): BackendEntry[] {
  const models = config.models.length > 0 ? config.models : ['llama2'];
  return models.map((model) => ollamaBackend(model, config));
}

function joinSignals(a: AbortSignal | null | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (a && b) return AbortSignal.any([a, b]);
  return a ?? b;
}
