/**
 * Every answering backend Parley knows: `local`, `ollama:<model>`, OpenAI-compatible servers by
 * name (or `compat:<name>`), `openai:<model>`, `anthropic:<model>`, `google:<model>`.
 */
import type { Config } from '../config.js';
import { UserError } from '../core/errors.js';
import type { Catalog, CatalogModel } from '../knowledge/catalog-types.js';
import { closestNames, normalizeBackendName } from './names.js';
import { ANTHROPIC_DEFAULT_MODELS, ANTHROPIC_PREFIX, anthropicBackend } from './providers/anthropic.js';
import { GOOGLE_DEFAULT_MODELS, GOOGLE_PREFIX, googleBackend } from './providers/google.js';
import { localBackend } from './providers/local.js';
import { OLLAMA_PREFIX, ollamaBackend, ollamaBackends } from './providers/ollama.js';
import { OllamaModels, type OllamaModelList } from './providers/ollama-models.js';
import { COMPAT_PREFIX, openAiCompatibleBackend } from './providers/openai-compatible.js';
import { OPENAI_DEFAULT_MODELS, OPENAI_PREFIX, openAiBackend } from './providers/openai.js';
import type { BackendEntry } from './types.js';

export class BackendRegistry {
  /** Every listed backend but Ollama's, whose models are discovered from the Ollama host. */
  private readonly fixed: BackendEntry[];
  readonly ollamaModels: OllamaModels;

  constructor(
    private readonly config: Config['backends'],
    private readonly catalog: Catalog | null = null,
  ) {
    const settings = { timeoutMs: config.timeoutMs };
    this.ollamaModels = new OllamaModels(config.ollama.baseUrl);
    this.fixed = [
      ...config.openAiCompatible.map((server) => openAiCompatibleBackend(server, settings)),
      ...OPENAI_DEFAULT_MODELS.map((model) => openAiBackend(model, config.openai, settings)),
      ...ANTHROPIC_DEFAULT_MODELS.map((model) => anthropicBackend(model, config.anthropic, settings)),
      ...GOOGLE_DEFAULT_MODELS.map((model) => googleBackend(model, config.google)),
    ].map((entry) => this.withCatalog(entry));
  }

  /** The backends shown in lists (any `provider:<model>` also resolves), with the Ollama models last seen. */
  list(): BackendEntry[] {
    return this.listWith(null);
  }

  /**
   * Like `list`, after asking Ollama which models are pulled (cached briefly): for `/model list`
   * and autocomplete. With `waitMs` (autocomplete must answer within 3 s), a slow Ollama leaves the
   * models last seen; the answer still lands in the cache for the next keystroke.
   */
  async listLive(waitMs?: number): Promise<BackendEntry[]> {
    const looking = this.ollamaModels.list();
    if (waitMs === undefined) return this.listWith(await looking);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
    try {
      return this.listWith(await Promise.race([looking, late]));
    } finally {
      clearTimeout(timer);
    }
  }

  private listWith(ollama: OllamaModelList | null): BackendEntry[] {
    const discovered = ollamaBackends(this.config.ollama, this.ollamaModels, ollama).map((entry) => this.withCatalog(entry));
    return [localBackend(), ...discovered, ...this.fixed];
  }

  /** The entry for a name, or undefined. Accepts "openai/gpt-4o" and any model after a provider prefix. */
  find(rawName: string): BackendEntry | undefined {
    const name = normalizeBackendName(rawName);
    const listed = this.list().find((entry) => entry.name === name || entry.name.toLowerCase() === name.toLowerCase());
    if (listed) return listed;
    const separator = name.indexOf(':');
    if (separator < 0) return undefined;
    const prefix = name.slice(0, separator);
    const model = name.slice(separator + 1);
    if (model === '') return undefined;
    const settings = { timeoutMs: this.config.timeoutMs };
    switch (prefix) {
      case OLLAMA_PREFIX:
        return this.withCatalog(ollamaBackend(model, this.config.ollama, this.ollamaModels));
      case OPENAI_PREFIX:
        return this.withCatalog(openAiBackend(model, this.config.openai, settings));
      case ANTHROPIC_PREFIX:
        return this.withCatalog(anthropicBackend(model, this.config.anthropic, settings));
      case GOOGLE_PREFIX:
        return this.withCatalog(googleBackend(model, this.config.google));
      case COMPAT_PREFIX:
        return this.fixed.find((entry) => entry.provider === 'openai-compatible' && entry.name === model.toLowerCase());
      default:
        return undefined;
    }
  }

  /** Like find, but an unknown name is a UserError that lists the closest names. */
  get(rawName: string): BackendEntry {
    const entry = this.find(rawName);
    if (entry) return entry;
    const suggestions = closestNames(normalizeBackendName(rawName), this.list().map((e) => e.name));
    throw new UserError(
      `There is no backend called "${rawName.trim()}". Did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}? ` +
        'Use `/model list` to see them all (any `ollama:<model>`, `openai:<model>`, `anthropic:<model>` or `google:<model>` works too).',
      'unknown_backend',
    );
  }

  catalogModel(entry: BackendEntry): CatalogModel | undefined {
    return entry.catalogModelId && this.catalog ? this.catalog.get(entry.catalogModelId) : undefined;
  }

  private withCatalog(entry: BackendEntry): BackendEntry {
    if (entry.catalogModelId || !this.catalog || entry.provider === 'local') return entry;
    const model = findCatalogModel(this.catalog, entry.model);
    return model ? { ...entry, catalogModelId: model.id } : entry;
  }
}

/**
 * Maps a provider's model name to a catalog id: "gpt-4o" → gpt-4o, "claude-sonnet-4-20250514" →
 * claude-sonnet-4, "llama2:70b" → llama-2-70b (via aliases), "meta-llama/Llama-2-7b-chat-hf" → llama-2-7b.
 */
export function findCatalogModel(catalog: Catalog, model: string): CatalogModel | undefined {
  const base = model.toLowerCase().split('/').pop() ?? model.toLowerCase();
  const candidates = new Set<string>([model, base, base.replace(/:latest$/, ''), base.replace(':', '-'), base.split(':')[0]!]);
  let stripped = base.replace(/:latest$/, '').replace(':', '-');
  candidates.add(stripped);
  for (const suffix of [/-\d{8}$/, /-latest$/, /-hf$/, /-(chat|instruct|it)$/, /-v\d+(\.\d+)*$/, /-(preview|exp)$/]) {
    stripped = stripped.replace(suffix, '');
    candidates.add(stripped);
  }
  candidates.add(stripped.replace(/^llama(\d)/, 'llama-$1'));
  for (const candidate of candidates) {
    const found = candidate ? catalog.get(candidate) : undefined;
    if (found) return found;
  }
  return undefined;
}
