/**
 * Runs one backend call under Parley's rules: an overall timeout (AbortSignal), bounded retries
 * with exponential backoff only on 429 and 5xx, and failures classified for the user.
 *
 * LangChain's own retry (p-retry in AsyncCaller) also retries refused connections and gives up
 * on a 429 without Retry-After, so the chat models are built with maxRetries: 0 and retried here.
 * A provider's Retry-After is honoured; when waiting it out would pass the call's timeout, the
 * call fails at once, so the fallback answers now rather than after the whole budget.
 */
import { BackendFailure, classifyFailure } from './failures.js';

export interface ResilienceOptions {
  backend: string;
  timeoutMs: number;
  maxRetries: number;
  /** First backoff delay; doubles each retry, with jitter. */
  baseDelayMs?: number;
  signal?: AbortSignal;
}

export interface Attempt {
  signal: AbortSignal;
  /** Set by the callee once output reached the user: a retry would repeat it, so none happens. */
  markDelivered(): void;
}

export async function callResiliently<T>(options: ResilienceOptions, run: (attempt: Attempt) => Promise<T>): Promise<T> {
  const started = Date.now();
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new DOMException('backend timeout', 'TimeoutError')), options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  let delivered = false;
  const attempt: Attempt = { signal, markDelivered: () => void (delivered = true) };
  try {
    for (let retry = 0; ; retry++) {
      try {
        return await raceAbort(run(attempt), signal);
      } catch (error) {
        const failure = classifyFailure(options.backend, error, { timedOut: timeout.signal.aborted, timeoutMs: options.timeoutMs });
        if (!failure.retryable || delivered || retry >= options.maxRetries || signal.aborted) throw failure;
        const asked = retryAfterMs(error);
        if (asked !== null && Date.now() - started + asked >= options.timeoutMs) throw failure;
        await sleep(asked ?? backoffMs(retry, options.baseDelayMs ?? 500), signal).catch(() => {
          throw classifyFailure(options.backend, new Error('aborted'), { timedOut: timeout.signal.aborted, timeoutMs: options.timeoutMs });
        });
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

/**
 * How long the provider asked to wait, from the error its SDK threw: LangChain's `retryAfterMs`,
 * or the `retry-after-ms` / `retry-after` (seconds or an HTTP date) response headers. Null if none.
 */
export function retryAfterMs(error: unknown, depth = 0): number | null {
  if (typeof error !== 'object' || error === null || depth > 4) return null;
  const e = error as Record<string, unknown>;
  if (typeof e['retryAfterMs'] === 'number' && Number.isFinite(e['retryAfterMs']) && e['retryAfterMs'] >= 0) return e['retryAfterMs'];
  const headers = e['headers'] ?? (e['response'] as Record<string, unknown> | undefined)?.['headers'];
  const header = (name: string): string | null => {
    if (!headers || typeof headers !== 'object') return null;
    if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
    const value = (headers as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : null;
  };
  const ms = Number(header('retry-after-ms'));
  if (header('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const after = header('retry-after');
  if (after !== null) {
    const seconds = Number(after);
    if (after.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  return retryAfterMs(e['cause'], depth + 1);
}

function backoffMs(retry: number, base: number): number {
  return base * 2 ** retry * (0.75 + Math.random() / 2);
}

/** Rejects as soon as the signal aborts, even if the provider client ignores the signal. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error || signal.reason instanceof DOMException ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export { BackendFailure };
