import type { Config } from '../../config.js';
import type { BackendEntry, ProviderSettings } from '../types.js';

export const ANTHROPIC_PREFIX = 'anthropic';
export const ANTHROPIC_DEFAULT_MODELS = ['claude-sonnet-4-20250514', 'claude-3-5-haiku-20241022'];

export function anthropicBackend(model: string, config: Config['backends']['anthropic'], settings: ProviderSettings): BackendEntry {
  const apiKey = config.apiKey;
  return {
    name: `${ANTHROPIC_PREFIX}:${model}`,
    provider: 'anthropic',
    access: 'closed',
    model,
    catalogModelId: null,
    available: Boolean(apiKey),
    ...(apiKey ? {} : { unavailableReason: 'set ANTHROPIC_API_KEY' }),
    secrets: apiKey ? [apiKey] : [],
    create: async () => {
      // Loaded on first use: a provider package costs memory and start-up time even when unused.
      const { ChatAnthropic } = await import('@langchain/anthropic');
      return new ChatAnthropic({
        model,
        apiKey: apiKey ?? '',
        ...(config.baseUrl ? { anthropicApiUrl: config.baseUrl } : {}),
        clientOptions: { timeout: settings.timeoutMs },
        maxTokens: 1024,
        maxRetries: 0,
        streamUsage: true,
      });
    },
  };
}
