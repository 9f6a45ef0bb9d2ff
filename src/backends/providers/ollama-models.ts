/**
 * The models pulled on the Ollama host, from its `GET /api/tags`: listed as backends with their
 * sizes, and checked before a call so that a missing model or a stopped Ollama gets a clear reason.
 * A good answer is cached briefly; a failure is not cached, so the next look asks again.
 */
import { z } from 'zod';

/** Long enough to spare Ollama a request per autocomplete keystroke, short enough to see a fresh `ollama pull`. */
const CACHE_MS = 30_000;
/** Ollama answers /api/tags from disk at once; a host that takes longer is as good as down for a list. */
const TAGS_TIMEOUT_MS = 3_000;

export interface PulledModel {
  /** As Ollama names it, without the default ":latest" tag: "llama2", "llama2:70b". */
  name: string;
  sizeBytes: number;
}

export type OllamaModelList = { reachable: true; models: PulledModel[] } | { reachable: false; reason: string };

export type OllamaProblem = { kind: 'unreachable' | 'not_pulled'; reason: string };

const tagsSchema = z.object({
  models: z.array(z.object({ name: z.string(), size: z.number().nonnegative().optional() })),
});

export class OllamaModels {
  private cached: { at: number; models: PulledModel[] } | null = null;

  constructor(
    readonly baseUrl: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The models last seen, without asking Ollama (empty before the first look). */
  known(): PulledModel[] {
    return this.cached?.models ?? [];
  }

  async list(options: { fresh?: boolean } = {}): Promise<OllamaModelList> {
    if (!options.fresh && this.cached && this.now() - this.cached.at < CACHE_MS) return { reachable: true, models: this.cached.models };
    try {
      const response = await fetch(new URL('api/tags', withSlash(this.baseUrl)), { signal: AbortSignal.timeout(TAGS_TIMEOUT_MS) });
      if (!response.ok) return this.failed(`it answered HTTP ${response.status} to /api/tags`);
      const parsed = tagsSchema.safeParse(await response.json());
      if (!parsed.success) return this.failed('its /api/tags answer was not a model list');
      const models = parsed.data.models.map((m) => ({ name: shortName(m.name), sizeBytes: m.size ?? 0 }));
      this.cached = { at: this.now(), models };
      return { reachable: true, models };
    } catch (error) {
      return this.failed(describeFetchError(error));
    }
  }

  /** Why `model` cannot answer now, or null when it is pulled. A model missing from the cache is looked up again. */
  async problemWith(model: string): Promise<OllamaProblem | null> {
    const wanted = shortName(model);
    let list = await this.list();
    if (list.reachable && !list.models.some((m) => m.name === wanted)) list = await this.list({ fresh: true });
    if (!list.reachable) return { kind: 'unreachable', reason: list.reason };
    if (list.models.some((m) => m.name === wanted)) return null;
    return { kind: 'not_pulled', reason: notPulledReason(wanted) };
  }

  private failed(why: string): OllamaModelList {
    this.cached = null;
    return { reachable: false, reason: `Ollama is not reachable at ${this.baseUrl} (${why}); start it, or set OLLAMA_BASE_URL` };
  }
}

export function notPulledReason(model: string): string {
  return `${model} is not pulled: run \`ollama pull ${model}\` on the Ollama host`;
}

/** "llama2:latest" → "llama2": Ollama resolves a bare name to its ":latest" tag. */
export function shortName(name: string): string {
  return name.trim().replace(/:latest$/, '');
}

/** "3.8 GB", "640 MB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  return `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${TAGS_TIMEOUT_MS / 1000} s`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  return cause instanceof Error ? cause.message : String(cause);
}
