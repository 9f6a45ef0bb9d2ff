/**
 * Loads and validates the model catalog (knowledge/models.yaml).
 *
 * Validation is strict on purpose: every cell of a /compare table is cited, so a fact without a source,
 * or whose source document or section does not exist, is a broken citation, and is reported at
 * start-up with the file, the entry and the field at fault. Each cited document carries the date its
 * facts were checked (front matter `asOf`), which every fact takes on so that displays can show it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { editDistance } from '../core/edit-distance.js';
import type { Catalog, CatalogModel } from './catalog-types.js';

export const CATALOG_FILE = 'models.yaml';

/** A malformed catalog. `problems` lists each defect as "file: entry: field: what was expected". */
export class CatalogError extends Error {
  readonly file: string;
  readonly problems: readonly string[];
  constructor(file: string, problems: readonly string[]) {
    const shown = problems.slice(0, 20);
    const more = problems.length > shown.length ? `\n  …and ${problems.length - shown.length} more` : '';
    super(`Invalid model catalog ${file}:\n  ${shown.join('\n  ')}${more}`);
    this.name = 'CatalogError';
    this.file = file;
    this.problems = problems;
  }
}

// ---------------------------------------------------------------- schema (mirrors catalog-types.ts)

const nonEmpty = z.string().trim().min(1, 'expected a non-empty string');

/** As written in models.yaml; the loader adds `asOf` from the cited document. */
const factSourceSchema = z.strictObject({
  doc: nonEmpty,
  section: nonEmpty,
  url: z.url({ message: 'expected an absolute URL' }),
});

function factSchema<T extends z.ZodType>(value: T) {
  return z.strictObject({ value, summary: nonEmpty, source: factSourceSchema.optional() }).superRefine((fact, ctx) => {
    if (!fact.source) ctx.addIssue({ code: 'custom', path: ['source'], message: 'every fact needs a source { doc, section, url }' });
  });
}

const priceSchema = z.strictObject({
  inputPer1M: z.number().nonnegative(),
  outputPer1M: z.number().nonnegative(),
  currency: z.literal('USD'),
  asOf: z.iso.date({ message: 'expected an ISO date (YYYY-MM-DD), quoted in YAML' }),
  source: factSourceSchema,
});

const modelSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'expected a lowercase id of letters, digits, dots and dashes'),
  name: nonEmpty,
  aliases: z.array(nonEmpty),
  vendor: nonEmpty,
  access: z.enum(['open', 'closed']),
  license: z.strictObject({ name: nonEmpty, brief: nonEmpty, url: z.url({ message: 'expected an absolute URL' }) }),
  openWeights: factSchema(z.boolean()),
  commercialUse: factSchema(z.boolean()),
  userCap: factSchema(z.string().nullable()),
  hostingLimits: factSchema(z.string().nullable()),
  useOfOutputs: factSchema(nonEmpty),
  trainingOnYourData: factSchema(nonEmpty),
  contextWindow: factSchema(z.number().int().positive().nullable()),
  price: priceSchema.nullable(),
});

type YamlSource = z.infer<typeof factSourceSchema>;
type YamlFact<T> = { value: T; summary: string; source?: YamlSource | undefined };
type YamlModel = z.infer<typeof modelSchema>;

const fileSchema = z.strictObject({ models: z.array(z.unknown()).min(1, 'expected at least one model') });

// ---------------------------------------------------------------- names

/** Lowercase, without spaces, dashes, dots or underscores: "Llama 2 70B" and "llama-2-70b" match. */
export function normalizeModelName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[\s\-_.]+/g, '');
}

/** 0 = identical, 1 = nothing in common. A name that contains the query (or the reverse) counts as close. */
function nameDistance(query: string, key: string): number {
  const ratio = editDistance(query, key) / Math.max(query.length, key.length, 1);
  return key.includes(query) || query.includes(key) ? Math.min(ratio, 0.25) : ratio;
}

/** Suggestions further than this are noise ("did you mean bloom?" for "gpt-5" helps no one). */
const MAX_SUGGESTION_DISTANCE = 0.5;

// ---------------------------------------------------------------- loading

export function loadCatalog(knowledgeDir: string): Catalog {
  const file = path.join(knowledgeDir, CATALOG_FILE);
  const relative = path.relative(process.cwd(), file);
  const shownFile = relative && !relative.startsWith('..') ? relative : file;
  const data = readCatalogYaml(file, shownFile);

  const top = fileSchema.safeParse(data);
  if (!top.success) throw new CatalogError(shownFile, top.error.issues.map((i) => `${fieldPath(i.path) || '(top level)'}: ${i.message}`));

  const problems: string[] = [];
  const parsedModels: YamlModel[] = [];
  top.data.models.forEach((raw, index) => {
    const entry = entryLabel(raw, index);
    const parsed = modelSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${entry}: field "${fieldPath(issue.path)}": ${issue.message}`);
      return;
    }
    parsedModels.push(parsed.data);
  });

  const documents = new DocumentReader(knowledgeDir);
  problems.push(...checkCitations(knowledgeDir, parsedModels, documents));
  const models = problems.length > 0 ? [] : parsedModels.map((model) => withAsOfDates(model, documents));

  const lookup = new Map<string, CatalogModel>();
  for (const model of models) {
    for (const name of [model.id, model.name, ...model.aliases]) {
      const key = normalizeModelName(name);
      const owner = lookup.get(key);
      if (owner && owner !== model) problems.push(`entry "${model.id}": name or alias "${name}" is already used by "${owner.id}"`);
      else lookup.set(key, model);
    }
  }

  if (problems.length > 0) throw new CatalogError(shownFile, problems);

  return createCatalog(models, lookup);
}

function readCatalogYaml(file: string, shownFile: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CatalogError(shownFile, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  try {
    return parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const where = error.linePos?.[0] ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : 'unknown position';
      throw new CatalogError(shownFile, [`YAML syntax error at ${where}: ${error.message.split('\n')[0] ?? ''}`]);
    }
    throw error;
  }
}

function entryLabel(raw: unknown, index: number): string {
  const id = raw !== null && typeof raw === 'object' && 'id' in raw ? (raw as { id: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 ? `entry "${id}" (models[${index}])` : `entry models[${index}]`;
}

function fieldPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)), '');
}

// ---------------------------------------------------------------- citations

const FACT_FIELDS = ['openWeights', 'commercialUse', 'userCap', 'hostingLimits', 'useOfOutputs', 'trainingOnYourData', 'contextWindow'] as const;

interface CitedDocument {
  headings: Set<string>;
  /** Front matter `asOf` (YYYY-MM-DD), or null when missing or malformed. */
  asOf: string | null;
}

/** Reads each cited document once: its `##` headings and its as-of date. */
class DocumentReader {
  private readonly cache = new Map<string, CitedDocument | null>();
  constructor(private readonly knowledgeDir: string) {}
  get(doc: string): CitedDocument | null {
    if (!this.cache.has(doc)) this.cache.set(doc, readDocument(this.knowledgeDir, doc));
    return this.cache.get(doc) ?? null;
  }
}

function factSources(model: YamlModel): Array<[string, YamlSource]> {
  const sources: Array<[string, YamlSource]> = [];
  for (const field of FACT_FIELDS) {
    const source = (model[field] as YamlFact<unknown>).source;
    if (source) sources.push([`${field}.source`, source]);
  }
  if (model.price) sources.push(['price.source', model.price.source]);
  return sources;
}

/** Every cited document must exist under knowledgeDir, carry an `asOf` date, and have the cited section as a `##` heading. */
function checkCitations(knowledgeDir: string, models: readonly YamlModel[], documents: DocumentReader): string[] {
  const problems: string[] = [];
  for (const model of models) {
    const entry = `entry "${model.id}"`;
    if (documents.get(model.license.brief) === null) {
      problems.push(`${entry}: field "license.brief": document "${model.license.brief}" not found under ${knowledgeDir}`);
    }
    for (const [field, source] of factSources(model)) {
      const document = documents.get(source.doc);
      if (document === null) {
        problems.push(`${entry}: field "${field}.doc": document "${source.doc}" not found under ${knowledgeDir}`);
        continue;
      }
      if (!document.headings.has(normalizeHeading(source.section))) {
        problems.push(`${entry}: field "${field}.section": "${source.section}" is not a "## " heading of ${source.doc}`);
      }
      if (document.asOf === null) {
        problems.push(`${entry}: field "${field}.doc": ${source.doc} has no front matter asOf date (YYYY-MM-DD) saying when its facts were checked`);
      }
    }
  }
  return problems;
}

function withAsOfDates(model: YamlModel, documents: DocumentReader): CatalogModel {
  const dated = <T>(fact: YamlFact<T>) => {
    const source = fact.source!;
    return { value: fact.value, summary: fact.summary, source: { ...source, asOf: documents.get(source.doc)!.asOf! } };
  };
  return {
    ...model,
    openWeights: dated(model.openWeights),
    commercialUse: dated(model.commercialUse),
    userCap: dated(model.userCap),
    hostingLimits: dated(model.hostingLimits),
    useOfOutputs: dated(model.useOfOutputs),
    trainingOnYourData: dated(model.trainingOnYourData),
    contextWindow: dated(model.contextWindow),
    price: model.price ? { ...model.price, source: { ...model.price.source, asOf: model.price.asOf } } : null,
  };
}

function readDocument(knowledgeDir: string, doc: string): CitedDocument | null {
  const root = path.resolve(knowledgeDir);
  const file = path.resolve(root, doc);
  if (!file.startsWith(root + path.sep) || !existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  const headings = new Set<string>();
  for (const match of text.matchAll(/^##[ \t]+(.+?)[ \t]*$/gm)) {
    if (match[1]) headings.add(normalizeHeading(match[1]));
  }
  return { headings, asOf: frontMatterAsOf(text) };
}

function frontMatterAsOf(text: string): string | null {
  const block = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1];
  if (block === undefined) return null;
  try {
    const asOf = (parseYaml(block) as { asOf?: unknown } | null)?.asOf;
    return typeof asOf === 'string' && z.iso.date().safeParse(asOf).success ? asOf : null;
  } catch {
    return null;
  }
}

function normalizeHeading(heading: string): string {
  return heading.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------- the Catalog

function createCatalog(models: readonly CatalogModel[], lookup: ReadonlyMap<string, CatalogModel>): Catalog {
  const keys = models.map((model) => ({
    model,
    names: [...new Set([model.id, model.name, ...model.aliases].map(normalizeModelName))],
  }));
  return {
    models,
    get(idOrAlias: string) {
      return lookup.get(normalizeModelName(idOrAlias));
    },
    closest(query: string, limit = 3) {
      const q = normalizeModelName(query);
      if (q.length === 0 || limit <= 0) return [];
      return keys
        .map(({ model, names }) => ({ model, distance: Math.min(...names.map((name) => nameDistance(q, name))) }))
        .filter((candidate) => candidate.distance <= MAX_SUGGESTION_DISTANCE)
        .sort((a, b) => a.distance - b.distance || a.model.id.localeCompare(b.model.id))
        .slice(0, limit)
        .map((candidate) => candidate.model);
    },
  };
}
