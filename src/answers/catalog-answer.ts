/**
 * Structured questions get structured answers: a catalog field (price, context window, license…)
 * asked about a named model is answered from knowledge/models.yaml exactly, with its citation.
 * Which models a question names comes from the catalog's own names and aliases; which field it
 * asks about is found by matching the question against the fields' labels and descriptions as
 * tiny documents, with the same terms and BM25 weights retrieval uses. A model the catalog does
 * not have ("Claude 3 Opus") is named as missing, never swapped for a neighbour.
 */
import type { Source } from '../core/types.js';
import type { Catalog, CatalogModel, FactSource } from '../knowledge/catalog-types.js';
import type { TextModel } from '../retrieval/text-model.js';
import { foldText, looksLikeVersion, terms } from '../retrieval/text.js';
import { editDistance } from '../core/edit-distance.js';

interface Field {
  key: string;
  label: string;
  /** What the field records, in the catalog's words: the field's "document". */
  description: string;
  fact(model: CatalogModel): { text: string; source: FactSource } | null;
}

const usd = (n: number) => `$${n.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;

export const CATALOG_FIELDS: readonly Field[] = [
  { key: 'vendor', label: 'Made by', description: 'maker: the vendor or company that makes, develops, trains and releases the model', fact: (m) => ({ text: m.vendor, source: m.openWeights.source }) },
  { key: 'license', label: 'License', description: 'license the model is released under, open or closed access', fact: (m) => ({ text: `${m.license.name} (${m.access})`, source: m.openWeights.source }) },
  { key: 'openWeights', label: 'Open weights', description: 'open weights: are the model weights released, downloadable, open source', fact: (m) => ({ text: m.openWeights.summary, source: m.openWeights.source }) },
  { key: 'commercialUse', label: 'Commercial use', description: 'commercial use: may the model be used in a commercial product or business', fact: (m) => ({ text: m.commercialUse.summary, source: m.commercialUse.source }) },
  { key: 'userCap', label: 'User cap', description: 'user cap: limit on monthly active users', fact: (m) => ({ text: m.userCap.summary, source: m.userCap.source }) },
  { key: 'hostingLimits', label: 'Hosting limits', description: 'hosting limits: self-host, host the model as a service', fact: (m) => ({ text: m.hostingLimits.summary, source: m.hostingLimits.source }) },
  { key: 'useOfOutputs', label: 'Use of outputs', description: 'use of outputs to train other models', fact: (m) => ({ text: m.useOfOutputs.summary, source: m.useOfOutputs.source }) },
  { key: 'trainingOnYourData', label: 'Training on your data', description: 'training on your data: the vendor training models on the data you send', fact: (m) => ({ text: m.trainingOnYourData.summary, source: m.trainingOnYourData.source }) },
  { key: 'contextWindow', label: 'Context window', description: 'context window: maximum context length in tokens', fact: (m) => ({ text: m.contextWindow.summary, source: m.contextWindow.source }) },
  {
    key: 'price',
    label: 'Price',
    description: 'price: list price cost in USD per 1M input and output tokens',
    fact: (m) =>
      m.price
        ? { text: `${usd(m.price.inputPer1M)} per 1M input tokens, ${usd(m.price.outputPer1M)} per 1M output tokens (list price as of ${m.price.asOf})`, source: m.price.source }
        : { text: 'no per-token list price: the weights are self-hosted, you pay for the hardware', source: m.openWeights.source },
  },
];

/** Tunables of the structured path (`--ablate` turns each off). */
export interface CatalogTuning {
  /** A field is asked about when this share of the question's BM25 weight (names aside) meets its document; > 1 turns structured answers off. */
  minFieldMatch: number;
}

export const DEFAULT_CATALOG_TUNING: CatalogTuning = { minFieldMatch: 0.3 };

/** Fields one answer gives at most ("commercial use and user cap of Llama 2?"). */
const MAX_FIELDS = 2;

export interface Mention {
  /** As written in the question. */
  text: string;
  /** The catalog model, or undefined when the catalog does not have the model named. */
  model?: CatalogModel;
  /** For a missing model: catalog models of the same family ("Claude 3 Opus" → Claude Sonnet 4). */
  family: CatalogModel[];
  /** Folded tokens the mention spans. */
  tokens: string[];
}

interface Token {
  folded: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ folded: foldText(m[0]), start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
}

/** Longest names first: "Llama 3.1 405B" spans four tokens. */
const MAX_NAME_TOKENS = 5;

/**
 * Models a text names: catalog names and aliases (longest match), and family names followed by a
 * version the catalog does not have ("Claude 3 Opus", "Gemma 2"), which are reported as missing.
 */
export function mentionedModels(text: string, catalog: Catalog, corpus?: Pick<TextModel, 'writes'>): Mention[] {
  const tokens = tokenize(text);
  const families = familyIndex(catalog);
  const slots = tierSlots(catalog);
  const mentions: Mention[] = [];
  for (let i = 0; i < tokens.length; ) {
    let matched = 0;
    let model: CatalogModel | undefined;
    for (let n = Math.min(MAX_NAME_TOKENS, tokens.length - i); n >= 1 && !model; n -= 1) {
      model = catalog.get(tokens.slice(i, i + n).map((t) => t.folded).join(''));
      if (model) matched = n;
    }
    const family = families.get(tokens[i]!.folded);
    // A version right after what matched ("Claude" + "3"), or after a family word that is no name
    // of its own ("GPT" + "3.5"), names another model of the family. So does a capitalised word right
    // after a bare family word, where the family's catalog names have one ("Mistral Small 3.1" →
    // "Mistral Large") or the knowledge base never writes the two together ("Gemini Ultra"): "Gemma
    // Terms of Use" and "the Llama Materials" are what the documents call themselves.
    const afterName = i + Math.max(matched, 1);
    let end = afterName;
    if (family && matched <= 1) {
      const first = tokens[i]!.folded;
      const tier = (token: Token) => slots.has(first) || (corpus !== undefined && !corpus.writes(first, token.folded));
      while (end < tokens.length && end - i < MAX_NAME_TOKENS && isNameWord(text, tokens[end - 1]!, tokens[end]!) && tier(tokens[end]!)) end += 1;
    }
    while (family && end < tokens.length && /\d/.test(tokens[end]!.folded) && end - i < MAX_NAME_TOKENS) end += 1;
    if (family && end > afterName) {
      // A capitalised word after the version belongs to the name ("Claude 3 Opus").
      while (end < tokens.length && end - i < MAX_NAME_TOKENS && /^\p{Lu}/u.test(text.slice(tokens[end]!.start)) && !/\d/.test(tokens[end]!.folded)) end += 1;
      const span = tokens.slice(i, end);
      const named = catalog.get(span.map((t) => t.folded).join('')) ?? completedName(span, family);
      mentions.push({ text: text.slice(span[0]!.start, span[span.length - 1]!.end), family: named ? [] : nearestFirst(span, family), tokens: span.map((t) => t.folded), ...(named ? { model: named } : {}) });
      i = end;
    } else if (model) {
      const span = tokens.slice(i, i + matched);
      mentions.push({ text: text.slice(span[0]!.start, span[span.length - 1]!.end), model, family: [], tokens: span.map((t) => t.folded) });
      i += matched;
    } else {
      i += 1;
    }
  }
  return mentions;
}

/** The one family model whose name a span without a version begins ("Claude Sonnet" → Claude Sonnet 4). */
function completedName(span: readonly Token[], family: readonly CatalogModel[]): CatalogModel | undefined {
  if (span.some((t) => /\d/.test(t.folded))) return undefined;
  const begins = family.filter((model) =>
    [model.name, ...model.aliases].some((name) => {
      const named = tokenize(name);
      return span.every((t, k) => named[k]?.folded === t.folded);
    }),
  );
  return begins.length === 1 ? begins[0] : undefined;
}

/** Family words that catalog names follow with a capitalised word ("Mistral Small 3.1", "Claude Sonnet 4"). */
const tierSlots = perCatalog((catalog) => new Set(catalog.models.flatMap((model) => (/^\S+ \p{Lu}\p{Ll}+/u.test(model.name) ? [tokenize(model.name)[0]!.folded] : []))));

/** A capitalised word ("Ultra", not "API" or "LLM") written right after the one before, as part of one name. */
function isNameWord(text: string, previous: Token, token: Token): boolean {
  return /^[\s-]$/.test(text.slice(previous.end, token.start)) && /^\p{Lu}\p{Ll}+$/u.test(text.slice(token.start, token.end));
}

/** A missing model's family, the closest names first: "GPT 4.1" → GPT-4, GPT-4o before gpt-oss. */
function nearestFirst(span: readonly Token[], family: readonly CatalogModel[]): CatalogModel[] {
  const written = span.map((t) => t.folded).join('');
  const distance = (model: CatalogModel) => editDistance(written, tokenize(model.name).map((t) => t.folded).join(''));
  return [...family].sort((a, b) => distance(a) - distance(b));
}

/** `build` worked out once per catalog, on first use. */
function perCatalog<T>(build: (catalog: Catalog) => T): (catalog: Catalog) => T {
  const built = new WeakMap<Catalog, T>();
  return (catalog) => {
    if (!built.has(catalog)) built.set(catalog, build(catalog));
    return built.get(catalog)!;
  };
}

/** First word of every catalog name and alias → the models of that family ("claude" → Claude Sonnet 4). */
const familyIndex = perCatalog((catalog) => {
  const index = new Map<string, CatalogModel[]>();
  for (const model of catalog.models) {
    for (const name of [model.name, ...model.aliases]) {
      const first = tokenize(name)[0]?.folded;
      if (!first || /\d/.test(first) || first.length < 3) continue;
      const list = index.get(first) ?? [];
      if (!list.includes(model)) list.push(model);
      index.set(first, list);
    }
  }
  return index;
});

/**
 * Model names in a question that the knowledge base never mentions: a catalog family with a
 * version nobody wrote ("Claude 3 Opus"), or a name-and-size the corpus does not know at all
 * ("Yi-34B", "MPT-30B"). The answer names them rather than answering about a neighbour.
 */
export function unknownModels(question: string, mentions: readonly Mention[], model: TextModel): string[] {
  // Only a version is sure to name a model: a capitalised word may name the user's own product ("Llama Assistant").
  const unknown = mentions.filter((m) => !m.model && m.tokens.some((t) => /\d/.test(t)) && !model.writes(m.tokens[0]!, m.tokens[1])).map((m) => m.text);
  const tokens = tokenize(question);
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if (!next || !/^\p{L}{2,}$/u.test(token.folded) || !looksLikeVersion(next.folded) || !/^[\s-]$/.test(question.slice(token.end, next.start))) return;
    if (model.writes(token.folded) || terms(token.folded).length === 0) return;
    const name = question.slice(token.start, next.end);
    if (!unknown.some((u) => u.includes(name))) unknown.push(name);
  });
  return unknown;
}

/**
 * The catalog fields a question asks about, best first (empty when none matches well enough). Each
 * next field is matched against the terms the fields already chosen do not explain, so "commercial
 * use and user cap of Llama 2?" asks two fields, while "how much is gpt-4o per million tokens?" asks
 * the price alone although "tokens" also describes the context window.
 */
export function askedFields(question: string, mentions: readonly Mention[], model: TextModel, tuning: CatalogTuning = DEFAULT_CATALOG_TUNING): Field[] {
  const nameTerms = new Set(mentions.flatMap((m) => m.tokens.flatMap((t) => terms(t))));
  const weight = (list: readonly string[]) => list.reduce((sum, term) => sum + model.idf(term), 0);
  const chosen: Field[] = [];
  let left = [...new Set(terms(question))].filter((term) => !nameTerms.has(term));
  while (chosen.length < MAX_FIELDS && weight(left) > 0) {
    const total = weight(left);
    const best = CATALOG_FIELDS.filter((field) => !chosen.includes(field))
      .map((field) => ({ field, share: weight(left.filter((term) => fieldTerms(field).has(term))) / total }))
      .filter((f) => f.share >= tuning.minFieldMatch)
      .sort((a, b) => b.share - a.share)[0];
    if (!best) break;
    chosen.push(best.field);
    left = left.filter((term) => !fieldTerms(best.field).has(term));
  }
  return chosen;
}

const FIELD_TERMS = new Map(CATALOG_FIELDS.map((field) => [field, new Set(terms(`${field.label} ${field.description}`))]));
function fieldTerms(field: Field): Set<string> {
  return FIELD_TERMS.get(field)!;
}

/** The models a mention stands for: the catalog model, or the family offered for a missing one. */
export function mentionedSubjects(mentions: readonly Mention[]): CatalogModel[] {
  return [...new Set(mentions.flatMap((m) => (m.model ? [m.model] : m.family.slice(0, MAX_FIELDS))))];
}

/**
 * The retrieved chunks about the subjects of a structured answer: from a document the catalog cites
 * for them, or naming one of them. The passages under a catalog line come from these, so "DeepSeek-R1
 * price?" is followed by DeepSeek's terms rather than other models' prices. All chunks when none is.
 */
export function chunksAbout<T extends ChunkOfText>(chunks: readonly T[], subjects: readonly CatalogModel[], catalog: Catalog): T[] {
  const about = chunks.filter((chunk) => {
    const ids = modelsAbout(chunk, catalog);
    return subjects.some((m) => ids.has(m.id));
  });
  return about.length > 0 ? about : [...chunks];
}

type ChunkOfText = { path: string; section: string; text: string };

/** Ids of the catalog models a chunk is about: those whose facts the catalog cites from its document, and those it names. */
export function modelsAbout(chunk: ChunkOfText, catalog: Catalog): Set<string> {
  const ids = new Set(citingModels(catalog).get(chunk.path));
  for (const mention of mentionedModels(`${chunk.section}\n${chunk.text}`, catalog)) if (mention.model) ids.add(mention.model.id);
  return ids;
}

/** Document → ids of the models whose catalog facts cite it. */
const citingModels = perCatalog((catalog) => {
  const index = new Map<string, string[]>();
  for (const model of catalog.models) {
    for (const doc of new Set(CATALOG_FIELDS.map((field) => field.fact(model)?.source.doc))) {
      if (doc !== undefined) index.set(doc, [...(index.get(doc) ?? []), model.id]);
    }
  }
  return index;
});

export interface CatalogAnswer {
  answer: string;
  sources: Source[];
}

/**
 * The structured answer for `question`, or null when it names no model or asks no catalog field.
 * `titleOf` gives a cited document's title (from the retrieved chunks when they include it).
 */
export function answerFromCatalog(
  question: string,
  mentions: readonly Mention[],
  model: TextModel,
  titleOf: (doc: string) => string,
  tuning: CatalogTuning = DEFAULT_CATALOG_TUNING,
): CatalogAnswer | null {
  if (mentions.length === 0) return null;
  const fields = askedFields(question, mentions, model, tuning);
  if (fields.length === 0) return null;
  const sources: Source[] = [];
  const cite = (source: FactSource, snippet: string): number => {
    const existing = sources.find((s) => s.path === source.doc && s.section === source.section);
    if (existing) return existing.n;
    sources.push({ n: sources.length + 1, title: titleOf(source.doc), section: source.section, path: source.doc, url: source.url, snippet, score: 1 });
    return sources.length;
  };
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const mention of mentions) {
    const models = mention.model ? [mention.model] : mention.family.slice(0, MAX_FIELDS);
    if (!mention.model) {
      const names = mention.family.map((m) => m.name);
      lines.push(`${mention.text} is not in the catalog; it has ${names.join(', ')}:`);
    }
    for (const subject of models) {
      if (seen.has(subject.id)) continue;
      seen.add(subject.id);
      for (const field of fields) {
        const fact = field.fact(subject);
        if (!fact) continue;
        lines.push(`${subject.name} — ${field.label}: ${fact.text} [${cite(fact.source, fact.text)}].`);
      }
    }
  }
  return { answer: lines.join('\n'), sources };
}
