import type { Embeddings } from '@langchain/core/embeddings';
import { ConfigError, type Config } from '../../config.js';
import { LocalEmbeddings } from './local.js';
import { TransformersEmbeddings } from './transformers.js';

export type EmbeddingsProviderName = Config['embeddings']['provider'];

/** An embeddings model plus the names recorded in the index manifest (a change rebuilds the index). */
export interface EmbeddingsChoice {
  provider: string;
  model: string;
  embeddings: Embeddings;
}

/** Embeddings whose weights are fitted on the corpus at build time and saved with the index. */
export interface FittableEmbeddings {
  fit(texts: string[]): void;
  exportState(): unknown;
  importState(state: unknown): void;
}

export function isFittable(embeddings: Embeddings): embeddings is Embeddings & FittableEmbeddings {
  const candidate = embeddings as Partial<FittableEmbeddings>;
  return typeof candidate.fit === 'function' && typeof candidate.exportState === 'function' && typeof candidate.importState === 'function';
}

export function localEmbeddings(): EmbeddingsChoice {
  const embeddings = new LocalEmbeddings();
  return { provider: 'local', model: embeddings.model, embeddings };
}

/** Builds the provider named by PARLEY_EMBEDDINGS (default `local`). Network providers are only contacted when used. */
export async function createEmbeddings(config: Pick<Config, 'embeddings' | 'modelsDir' | 'backends'>): Promise<EmbeddingsChoice> {
  const { provider, model } = config.embeddings;
  switch (provider) {
    case 'local':
      return localEmbeddings();
    case 'transformers': {
      const embeddings = new TransformersEmbeddings({ model, cacheDir: config.modelsDir });
      return { provider, model: embeddings.model, embeddings };
    }
    case 'openai': {
      const { OpenAIEmbeddings } = await import('@langchain/openai');
      const chosen = model ?? 'text-embedding-3-small';
      const { apiKey, baseUrl } = config.backends.openai;
      if (!apiKey) throw new ConfigError(['OPENAI_API_KEY: PARLEY_EMBEDDINGS=openai needs it; set it, or use PARLEY_EMBEDDINGS=local (no key needed)']);
      const embeddings = new OpenAIEmbeddings({ model: chosen, apiKey, configuration: baseUrl ? { baseURL: baseUrl } : undefined, maxRetries: 1 });
      return { provider, model: chosen, embeddings };
    }
    case 'ollama': {
      const { OllamaEmbeddings } = await import('@langchain/ollama');
      const chosen = model ?? 'nomic-embed-text';
      const embeddings = new OllamaEmbeddings({ model: chosen, baseUrl: config.backends.ollama.baseUrl });
      return { provider, model: chosen, embeddings };
    }
  }
}
