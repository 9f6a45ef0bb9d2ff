/** Parsing and validation of `/poll create` arguments. Pure functions; errors are UserErrors. */
import { UserError } from '../core/errors.js';
import type { Catalog } from '../knowledge/catalog-types.js';
import type { PollOption } from './types.js';

export const POLL_LIMITS = {
  minOptions: 2,
  maxOptions: 10,
  /** Discord's button label limit. */
  maxLabelLength: 80,
  /** Discord's embed title limit. */
  maxQuestionLength: 256,
  minDurationMs: 60_000,
  maxDurationMs: 30 * 24 * 3_600_000,
  defaultDurationMs: 24 * 3_600_000,
} as const;

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** "30m", "2h", "3d", "1h30m", "1w"; a bare number means minutes. Bounded to 1 minute … 30 days. */
export function parseDuration(text: string | undefined | null): number {
  if (text === undefined || text === null || text.trim() === '') return POLL_LIMITS.defaultDurationMs;
  const compact = text.trim().toLowerCase().replace(/\s+/g, '');
  let ms: number;
  if (/^\d+$/.test(compact)) {
    ms = Number(compact) * UNIT_MS.m!;
  } else if (/^(\d+[smhdw])+$/.test(compact)) {
    ms = 0;
    for (const [, amount, unit] of compact.matchAll(/(\d+)([smhdw])/g)) ms += Number(amount) * UNIT_MS[unit!]!;
  } else {
    throw new UserError(`I can't read the duration "${text}". Use something like 30m, 2h, 3d or 1h30m.`);
  }
  if (ms < POLL_LIMITS.minDurationMs) throw new UserError('A poll must stay open for at least 1 minute.');
  if (ms > POLL_LIMITS.maxDurationMs) throw new UserError('A poll can stay open for at most 30 days.');
  return ms;
}

export function resolveModel(catalog: Catalog, name: string) {
  const model = catalog.get(name);
  if (model) return model;
  const suggestions = catalog.closest(name, 3).map((m) => m.id);
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}?` : '';
  throw new UserError(`I don't know the model "${name}".${hint}`, 'unknown_model');
}

/** Builds the option list from free text ("a; b; c") and/or catalog models ("llama-2-70b,gpt-4o"). */
export function parseOptions(input: { options?: string | undefined; models?: string | undefined }, catalog: Catalog | null): PollOption[] {
  const candidates: Array<{ label: string; modelId: string | null }> = [];
  if (input.models && input.models.trim() !== '') {
    if (!catalog) throw new UserError('Model polls need the model catalog, which is not loaded.');
    for (const name of splitList(input.models, /[,;\n]/)) {
      const model = resolveModel(catalog, name);
      candidates.push({ label: model.name, modelId: model.id });
    }
  }
  if (input.options && input.options.trim() !== '') {
    for (const label of splitList(input.options, /[;\n]/)) candidates.push({ label, modelId: null });
  }

  const seen = new Set<string>();
  const options: PollOption[] = [];
  for (const candidate of candidates) {
    if (candidate.label.length > POLL_LIMITS.maxLabelLength) {
      throw new UserError(`The option "${candidate.label.slice(0, 40)}…" is longer than ${POLL_LIMITS.maxLabelLength} characters (Discord's button limit). Please shorten it.`);
    }
    const key = candidate.label.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    options.push({ index: options.length, label: candidate.label, modelId: candidate.modelId });
  }
  if (options.length < POLL_LIMITS.minOptions) {
    throw new UserError('A poll needs at least 2 different options: options separated by semicolons (a; b; c) and/or catalog models separated by commas (llama-2-70b,gpt-4o).');
  }
  if (options.length > POLL_LIMITS.maxOptions) {
    throw new UserError(`A poll can have at most ${POLL_LIMITS.maxOptions} options (you gave ${options.length}).`);
  }
  return options;
}

export function parseQuestion(question: string): string {
  const text = question.trim().replace(/\s+/g, ' ');
  if (text === '') throw new UserError('The poll needs a question.');
  if (text.length > POLL_LIMITS.maxQuestionLength) {
    throw new UserError(`The question is too long (${text.length} characters, at most ${POLL_LIMITS.maxQuestionLength}).`);
  }
  return text;
}

function splitList(text: string, separator: RegExp): string[] {
  return text
    .split(separator)
    .map((part) => part.trim().replace(/\s+/g, ' '))
    .filter((part) => part !== '');
}
