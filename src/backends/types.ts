/**
 * What the rest of Parley knows about an answering backend. The chat model itself is built
 * on demand by `create`, so listing backends never opens a connection or needs a key.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';

export type ProviderId = 'local' | 'ollama' | 'openai-compatible' | 'openai' | 'anthropic' | 'google';

/** open: open-weights model you can run yourself; closed: a vendor's hosted API. */
export type Access = 'open' | 'closed';

export interface ChatModelOptions {
  /** Aborts the request (Parley's timeout and the caller's cancel, combined). */
  signal?: AbortSignal;
}

export interface BackendEntry {
  /** Canonical name used in commands and settings, e.g. "ollama:llama2", "openai:gpt-4o". */
  name: string;
  provider: ProviderId;
  access: Access;
  /** The model name the provider receives (for `local`: "extractive"). */
  model: string;
  /** Catalog id of the model it serves (license and price), when known. */
  catalogModelId: string | null;
  available: boolean;
  /** Why it cannot be used, written for the user: "set ANTHROPIC_API_KEY". */
  unavailableReason?: string;
  /** Disk size of a model pulled on the backend's host (Ollama), for lists. */
  sizeBytes?: number;
  /**
   * Asks the provider whether it can answer now, just before a call: null when it can.
   * 'unavailable' (e.g. the Ollama model is not pulled) also refuses a `/model use`;
   * 'refused' (the host is down) does not, since it may be started later.
   */
  checkReady?: () => Promise<{ reason: string; kind: 'unavailable' | 'refused' } | null>;
  /** Secrets this backend uses, so that error messages can be scrubbed of them. */
  secrets: string[];
  /** Builds the LangChain chat model; absent for the embedded `local` answerer. */
  create?: (options?: ChatModelOptions) => Promise<BaseChatModel>;
}

export interface ProviderSettings {
  timeoutMs: number;
}
