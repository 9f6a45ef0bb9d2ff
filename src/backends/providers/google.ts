import type { Config } from '../../config.js';
import type { BackendEntry } from '../types.js';

export const GOOGLE_PREFIX = 'google';
export const GOOGLE_DEFAULT_MODELS = ['gemini-1.5-pro', 'gemini-1.5-flash'];

export function googleBackend(model: string, config: Config['backends']['google']): BackendEntry {
  const apiKey = config.apiKey;
  return {
    name: `${GOOGLE_PREFIX}:${model}`,
    provider: 'google',
    access: 'closed',
    model,
    catalogModelId: null,
    available: Boolean(apiKey),
    ...(apiKey ? {} : { unavailableReason: 'set GOOGLE_API_KEY' }),
    secrets: apiKey ? [apiKey] : [],
    create: async () => {
      // Loaded on first use: a provider package costs memory and start-up time even when unused.
      const { ChatGoogleGenerativeAI } = await import('@langchain/google-genai');
      return new ChatGoogleGenerativeAI({
        model,
        apiKey: apiKey ?? '',
        ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
        maxRetries: 0,
        streamUsage: true,
      });
    },
  };
}
