import { UserError } from '../core/errors.js';

/**
 * Turns whatever a provider SDK throws (OpenAI/Anthropic APIError, Gemini fetch errors, Ollama
 * ResponseError, undici "fetch failed", AbortError…) into one small, user-readable failure.
 */
export type FailureKind = 'timeout' | 'refused' | 'unauthorized' | 'rate_limited' | 'server_error' | 'unavailable' | 'bad_response' | 'cancelled';

/** A UserError, so adapters show it as is: "openai:gpt-4o could not answer: HTTP 500 (server error)." */
export class BackendFailure extends UserError {
  constructor(
    readonly backend: string,
    readonly kind: FailureKind,
    /** Short reason for people, e.g. "timed out after 60 s", "HTTP 429 (rate limited)". */
    readonly reason: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${backend} could not answer: ${reason}.`, `backend_${kind}`);
    if (options && 'cause' in options) this.cause = options.cause;
    this.name = 'BackendFailure';
  }

  /** 429 and 5xx are worth another try; nothing else is. */
  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'server_error';
  }
}

export function classifyFailure(backend: string, error: unknown, context: { timedOut: boolean; timeoutMs: number }): BackendFailure {
  if (error instanceof BackendFailure) return error;
  if (context.timedOut) return new BackendFailure(backend, 'timeout', `timed out after ${formatSeconds(context.timeoutMs)}`, undefined, { cause: error });
  if (isAbort(error)) return new BackendFailure(backend, 'cancelled', 'the request was cancelled', undefined, { cause: error });
  const status = statusOf(error);
  if (status === 401 || status === 403) return new BackendFailure(backend, 'unauthorized', `HTTP ${status} (the API key was refused)`, status, { cause: error });
  if (status === 429) return new BackendFailure(backend, 'rate_limited', 'HTTP 429 (rate limited or out of quota)', status, { cause: error });
  if (status !== undefined && status >= 500) return new BackendFailure(backend, 'server_error', `HTTP ${status} (server error)`, status, { cause: error });
  if (status !== undefined) return new BackendFailure(backend, 'bad_response', `HTTP ${status}`, status, { cause: error });
  const code = networkCode(error);
  if (code === 'ECONNREFUSED') return new BackendFailure(backend, 'refused', 'connection refused (is the server running?)', undefined, { cause: error });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new BackendFailure(backend, 'refused', 'host not found', undefined, { cause: error });
  if (code) return new BackendFailure(backend, 'refused', `network error (${code})`, undefined, { cause: error });
  if (/connection error|fetch failed|ECONNREFUSED/i.test(messageOf(error))) return new BackendFailure(backend, 'refused', 'connection failed (is the server running?)', undefined, { cause: error });
  return new BackendFailure(backend, 'bad_response', 'unexpected error from the provider', undefined, { cause: error });
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function isAbort(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'AbortError' || error.name === 'TimeoutError' || /abort/i.test(error.message) || (error.cause !== undefined && isAbort(error.cause));
}

function statusOf(error: unknown, depth = 0): number | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  const e = error as Record<string, unknown>;
  for (const key of ['status', 'status_code', 'statusCode']) {
    const value = e[key];
    if (typeof value === 'number' && value >= 400 && value < 600) return value;
  }
  const response = e['response'];
  if (typeof response === 'object' && response !== null) {
    const value = (response as Record<string, unknown>)['status'];
    if (typeof value === 'number' && value >= 400) return value;
  }
  // Gemini's SDK reports "[500 Internal Server Error]" in the message of a GoogleGenerativeAIFetchError.
  const match = /\[(\d{3})[^\]]*\]/.exec(messageOf(error));
  if (match && Number(match[1]) >= 400) return Number(match[1]);
  return statusOf(e['cause'], depth + 1);
}

function networkCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  const e = error as Record<string, unknown>;
  if (typeof e['code'] === 'string' && /^E[A-Z_]+$/.test(e['code'])) return e['code'];
  const errors = e['errors'];
  if (Array.isArray(errors)) for (const inner of errors) {
    const code = networkCode(inner, depth + 1);
    if (code) return code;
  }
  return networkCode(e['cause'], depth + 1);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'string' ? error : '';
}
