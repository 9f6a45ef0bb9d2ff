import type { Config } from '../../config.js';
import type { BackendEntry, ProviderSettings } from '../types.js';

export const OPENAI_PREFIX = 'openai';
export const OPENAI_DEFAULT_MODELS = ['gpt-4o', 'gpt-4o-mini', 'gpt-4'];

export function openAiBackend(model: string, config: Config['backends']['openai'], settings: ProviderSettings): BackendEntry {
  const apiKey = config.apiKey;
  return {
    name: `${OPENAI_PREFIX}:${model}`,
    provider: 'openai',
    access: 'closed',
    model,
    catalogModelId: null,
    available: Boolean(apiKey),
    ...(apiKey ? {} : { unavailableReason: 'set OPENAI_API_KEY' }),
    secrets: apiKey ? [apiKey] : [],
    create: async () => {
      // Loaded on first use: a provider package costs memory and start-up time even when unused.
      const { ChatOpenAI } = await import('@langchain/openai');
      return new ChatOpenAI({
        model,
        apiKey: apiKey ?? '',
        ...(config.baseUrl ? { configuration: { baseURL: config.baseUrl } } : {}),
        timeout: settings.timeoutMs,
        // Parley retries itself (only 429/5xx, see invoke.ts); LangChain's p-retry also retries refused connections.
        maxRetries: 0,
        streamUsage: true,
      });
    },
  };
}
