import type { OpenAiCompatibleServer } from '../../config.js';
import type { BackendEntry, ProviderSettings } from '../types.js';

export const COMPAT_PREFIX = 'compat';

/**
 * An OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, TGI…) serving an open model.
 * ChatOpenAICompletions rather than ChatOpenAI: ChatOpenAI silently switches some model names
 * to /v1/responses, which these servers do not speak.
 */
export function openAiCompatibleBackend(server: OpenAiCompatibleServer, settings: ProviderSettings): BackendEntry {
  return {
    name: server.name,
    provider: 'openai-compatible',
    access: 'open',
    model: server.model,
    catalogModelId: server.catalogModel ?? null,
    available: true,
    secrets: server.apiKey ? [server.apiKey] : [],
    create: async () => {
      // Loaded on first use: a provider package costs memory and start-up time even when unused.
      const { ChatOpenAICompletions } = await import('@langchain/openai');
      return new ChatOpenAICompletions({
        model: server.model,
        // The OpenAI client insists on a key; local servers usually ignore it.
        apiKey: server.apiKey ?? 'not-needed',
        configuration: { baseURL: server.baseUrl },
        timeout: settings.timeoutMs,
        maxRetries: 0,
        streamUsage: true,
      });
    },
  };
}
