/**
 * The answers service: question in, cited answer out. Transport-agnostic (Discord, terminal
 * and CLI all call `ask`). One pipeline for every backend: retrieve (a follow-up with the subject
 * it leans on), decide coverage from retrieval evidence (no backend runs for a question the
 * knowledge base does not cover), then answer — a catalog field of a named model from the
 * catalog, everything else by the chosen backend from the retrieved chunks.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from '../core/logger.js';
import type { AnswerResult, AskInput, RequestContext, Source, Usage } from '../core/types.js';
import { UserError } from '../core/errors.js';
import type { Catalog, CatalogModel } from '../knowledge/catalog-types.js';
import { TextModel } from '../retrieval/text-model.js';
import { correctSpelling } from '../retrieval/spelling.js';
import { terms } from '../retrieval/text.js';
import { answerFromCatalog, chunksAbout, modelsAbout, DEFAULT_CATALOG_TUNING, mentionedModels, mentionedSubjects, unknownModels, type CatalogAnswer, type CatalogTuning } from './catalog-answer.js';
import { coverageEvidence, DEFAULT_COVERAGE, ENGLISH_ONLY_ANSWER, isCovered, isNotEnglish, knownShare, type CoverageTuning } from './coverage.js';
import { followUpQuery } from './follow-up.js';
import { answerLocally, DEFAULT_TUNING, NOT_COVERED_ANSWER, type AnswerChunk, type AnswerTuning } from './local-answerer.js';
import { parseQuestion } from './question.js';

export interface AnswerService {
  ask(ctx: RequestContext, input: AskInput): Promise<AnswerResult>;
  /**
   * Everything `ask` decides before a backend runs — retrieval, coverage, the catalog lookup — done
   * once, so that one question can be put to several backends (the arena).
   */
  prepare(ctx: RequestContext, input: AskInput): Promise<PreparedQuestion>;
  /** The embedded `local` answer to a prepared question, as `ask` gives it. */
  localAnswer(ctx: RequestContext, prepared: PreparedQuestion): Promise<BackendAnswer>;
}

/** A question ready for any backend, or declined before one runs. */
export interface PreparedQuestion {
  /** As asked (validated and trimmed). */
  question: string;
  /** Why no backend is asked: not covered, not English, or a model the knowledge base never names. */
  declined?: string;
  chunks: AnswerChunk[];
  context?: AnswerContext;
  /** Catalog lines for a catalog field of a named model, which the `local` answer leads with. */
  structured: CatalogAnswer | null;
  /** The catalog models the question names (the passages under a catalog line stay on them). */
  subjects: CatalogModel[];
}

/** What answering needs from retrieval (the retrieval `Retriever` fits it). */
export interface ChunkSearcher {
  search(query: string, k?: number): Promise<AnswerChunk[]>;
  /** Corpus statistics and the local dense space; fitted on the retrieved chunks when absent. */
  readonly text?: TextModel;
}

/** What one backend produces from a question and the retrieved chunks. */
export interface BackendAnswer {
  answer: string;
  sources: Source[];
  covered: boolean;
  usage: Usage | null;
  costUsd: number | null;
  /** The backend that actually answered, when not this one (a fallback). */
  backend?: string;
  /** Set when the chosen backend failed and another one answered. */
  fallback?: { from: string; reason: string };
}

/** What the pipeline hands a backend beside the chunks. */
export interface AnswerContext {
  /** The question with the subject a follow-up leans on, as retrieved. */
  query: string;
  text: TextModel;
  /** Terms of the catalog model names the question is about (its subject, not what it asks). */
  subject?: readonly string[];
}

/** One way of turning retrieved chunks into an answer. `local` is built in; others are added by name. */
export interface AnswerBackend {
  name: string;
  answer(question: string, chunks: AnswerChunk[], ctx: RequestContext, input: AskInput, context?: AnswerContext): Promise<BackendAnswer>;
}

export const LOCAL_BACKEND = 'local';

export function localBackend(tuning: AnswerTuning = DEFAULT_TUNING): AnswerBackend {
  return {
    name: LOCAL_BACKEND,
    async answer(question, chunks, _ctx, _input, context) {
      return { ...answerLocally(context?.query ?? question, chunks, { ...context, tuning }), usage: null, costUsd: null };
    },
  };
}

/** Every tunable of the pipeline, for `npm run eval -- --ablate`. */
export interface PipelineTuning {
  answer: AnswerTuning;
  coverage: CoverageTuning;
  catalog: CatalogTuning;
  /** Decline questions about a model the knowledge base never names ("Yi-34B"). */
  unknownModels: boolean;
  /** Read typos against the knowledge base's vocabulary (spelling.ts). */
  spelling: boolean;
  /** A `local` answer about named models comes from the chunks about them when its passages are not, leads with one of them when one was chosen, and gives each side of a comparison. */
  stayOnSubject: boolean;
}

export const DEFAULT_PIPELINE: PipelineTuning = { answer: DEFAULT_TUNING, coverage: DEFAULT_COVERAGE, catalog: DEFAULT_CATALOG_TUNING, unknownModels: true, spelling: true, stayOnSubject: true };

export interface AnswerServiceOptions {
  /** The knowledge to search; a function gives the retriever for a request's server. */
  retriever: ChunkSearcher | ((ctx: RequestContext) => ChunkSearcher);
  logger: Logger;
  /** Model names for follow-ups and structured answers; without it, neither applies. */
  catalog?: Catalog;
  /** Chunks retrieved per question. */
  k?: number;
  /** Extra backends by name; `local` is always there. */
  backends?: readonly AnswerBackend[];
  /**
   * Chooses the backend for a request; `input.backend` is the per-question choice, which the
   * resolver also checks (channel policy, may throw UserError). Defaults to input.backend or `local`.
   */
  resolveBackend?: (ctx: RequestContext, input: AskInput) => Promise<string> | string;
  /** Builds a backend that is not in `backends` by name (e.g. any `openai:<model>`). */
  backendFor?: (name: string) => AnswerBackend | undefined;
  tuning?: PipelineTuning;
}

export function createAnswerService(options: AnswerServiceOptions): AnswerService {
  const { logger, catalog } = options;
  const tuning = options.tuning ?? DEFAULT_PIPELINE;
  const k = options.k ?? 6;
  const local = localBackend(tuning.answer);
  const backends = new Map<string, AnswerBackend>([[LOCAL_BACKEND, local]]);
  for (const backend of options.backends ?? []) backends.set(backend.name, backend);
  const searcherFor = (ctx: RequestContext): ChunkSearcher => (typeof options.retriever === 'function' ? options.retriever(ctx) : options.retriever);

  async function pickBackend(ctx: RequestContext, input: AskInput): Promise<AnswerBackend> {
    const name = options.resolveBackend ? await options.resolveBackend(ctx, input) : input.backend?.trim() || LOCAL_BACKEND;
    const backend = backends.get(name) ?? options.backendFor?.(name);
    if (!backend) {
      throw new UserError(`There is no backend called "${name}". Available: ${[...backends.keys()].join(', ')}.`, 'unknown_backend');
    }
    return backend;
  }

  async function prepare(ctx: RequestContext, input: AskInput, question: string): Promise<PreparedQuestion> {
    const declined = (text: string): PreparedQuestion => ({ question, declined: text, chunks: [], structured: null, subjects: [] });
    if (isNotEnglish(question)) return declined(ENGLISH_ONLY_ANSWER);
    const searcher = searcherFor(ctx);
    // Typos are read against the knowledge base's vocabulary; the question shown stays as asked.
    const spelled = tuning.spelling && searcher.text ? correctSpelling(question, searcher.text).text : question;
    const followUp = followUpQuery(spelled, input.history, catalog);
    const query = followUp.text;
    const mentions = catalog ? mentionedModels(query, catalog, searcher.text) : [];
    const chunks = await searcher.search(query, k);
    const text = searcher.text ?? new TextModel(chunks);
    if (chunks.length === 0 || !isCovered(coverageEvidence(query, chunks, text), tuning.coverage)) return declined(NOT_COVERED_ANSWER);
    // A follow-up borrows the conversation's subject, not its coverage: one that asks about things the
    // knowledge base never mentions ("CUDA out of memory" after a GPT-4o question) must be covered on its own.
    if (followUp.carried.length > 0 && knownShare(spelled, text) < 1 && !isCovered(coverageEvidence(spelled, await searcher.search(spelled, k), text), tuning.coverage)) {
      return declined(NOT_COVERED_ANSWER);
    }
    const context: AnswerContext = { query, text, subject: [...new Set(mentions.flatMap((m) => m.tokens.flatMap((t) => terms(t))))] };
    const titleOf = (doc: string) => chunks.find((c) => c.path === doc)?.title ?? doc;
    const structured = catalog ? answerFromCatalog(query, mentions, text, titleOf, tuning.catalog) : null;
    const unknown = tuning.unknownModels ? unknownModels(query, mentions, text) : [];
    if (!structured && unknown.length > 0) return declined(`${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not in the knowledge base, so I won't guess. ${NOT_COVERED_ANSWER.replace(/^.*?won't guess\. /, '')}`);
    return { question, chunks, context, structured, subjects: mentionedSubjects(mentions) };
  }

  async function respond(ctx: RequestContext, input: AskInput, prepared: PreparedQuestion, backend: AnswerBackend): Promise<BackendAnswer> {
    const { question, declined, chunks, context, structured } = prepared;
    if (declined !== undefined) return { answer: declined, sources: [], covered: false, usage: null, costUsd: null };
    if (catalog && structured && backend.name === LOCAL_BACKEND) {
      const about = chunksAbout(chunks, prepared.subjects, catalog);
      return { ...withPassages(structured, await backend.answer(question, about, ctx, input, context)), covered: true, usage: null, costUsd: null };
    }
    const answer = await backend.answer(question, chunks, ctx, input, context);
    if (!tuning.stayOnSubject || !catalog || backend.name !== LOCAL_BACKEND || prepared.subjects.length === 0 || !answer.covered) return answer;
    return stayOnSubject(answer, prepared, catalog, (about) => backend.answer(question, about, ctx, input, context));
  }

  /**
   * An extractive answer about named models that cites nothing about them ("Llama 2 in our paid app?"
   * answered from the Gemini terms) is drawn again from the chunks about them, or says there are none;
   * one that leads with another model ("what does the BLOOM licence forbid?" led by Falcon's terms)
   * is drawn again with the chunks about them first; each side of "Gemma vs Llama 2 for …" gets its
   * best passage when the answer has none about it.
   */
  async function stayOnSubject(answer: BackendAnswer, prepared: PreparedQuestion, catalog: Catalog, answerFrom: (chunks: AnswerChunk[]) => Promise<BackendAnswer>): Promise<BackendAnswer> {
    const { chunks, subjects } = prepared;
    // Which models each chunk is about, worked out once for every check below.
    const aboutIds = new Map(chunks.map((chunk) => [chunk, modelsAbout(chunk, catalog)]));
    const isOn = (chunk: AnswerChunk, models: readonly CatalogModel[]) => models.some((m) => aboutIds.get(chunk)!.has(m.id));
    const chunksOn = (models: readonly CatalogModel[]) => chunks.filter((chunk) => isOn(chunk, models));
    const isSourceOn = (source: Source, models: readonly CatalogModel[]) =>
      chunks.some((chunk) => chunk.path === source.path && chunk.section === source.section && isOn(chunk, models));
    const citedOn = (given: BackendAnswer, models: readonly CatalogModel[]) => given.sources.some((source) => isSourceOn(source, models));
    const leadsOn = (given: BackendAnswer, models: readonly CatalogModel[]) => given.sources.some((source) => source.n === 1 && isSourceOn(source, models));
    if (!citedOn(answer, subjects)) {
      const about = chunksOn(subjects);
      const onSubject = about.length > 0 ? await answerFrom(about) : null;
      if (onSubject?.covered) return onSubject;
      return { ...answer, answer: `Nothing I found on this is about ${subjects.map((m) => m.name).join(', ')}; the closest passages are about other models:\n${answer.answer}` };
    }
    let merged = answer;
    if (!leadsOn(answer, subjects)) {
      // A passage about the model was chosen, but the lead is about another one: the chunks about it go first.
      const about = chunksOn(subjects);
      const redrawn = await answerFrom([...about, ...chunks.filter((chunk) => !about.includes(chunk))]);
      if (redrawn.covered) merged = redrawn;
    }
    for (const subject of subjects.filter((m) => !citedOn(merged, [m]))) {
      const about = chunksOn([subject]);
      if (about.length === 0) continue;
      const side = await answerFrom(about);
      if (!side.covered) continue;
      const lead = side.answer.split('\n')[0] ?? '';
      const cites = new Set([...lead.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
      merged = { ...merged, ...withPassages(merged, { ...side, answer: `• ${lead}`, sources: side.sources.filter((source) => cites.has(source.n)) }) };
    }
    return merged;
  }

  return {
    async ask(ctx, input) {
      const question = parseQuestion(input.question);
      const started = performance.now();
      const backend = await pickBackend(ctx, input);
      const result = await respond(ctx, input, await prepare(ctx, input, question), backend);
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      logger.debug({ backend: backend.name, latencyMs, covered: result.covered, sources: result.sources.length, channelId: ctx.channelId }, 'answered question');
      return {
        question,
        answer: result.answer,
        sources: result.sources,
        backend: result.backend ?? backend.name,
        latencyMs,
        covered: result.covered,
        usage: result.usage,
        costUsd: result.costUsd,
        ...(result.fallback ? { fallback: result.fallback } : {}),
      };
    },
    async prepare(ctx, input) {
      return prepare(ctx, input, parseQuestion(input.question));
    },
    async localAnswer(ctx, prepared) {
      return respond(ctx, { question: prepared.question }, prepared, local);
    },
  };
}

/** The catalog's lines first, then the extractive passages, with one numbering of sources. */
function withPassages(structured: { answer: string; sources: Source[] }, passages: BackendAnswer): { answer: string; sources: Source[] } {
  if (!passages.covered) return structured;
  const sources = [...structured.sources];
  const renumber = new Map<number, number>();
  for (const source of passages.sources) {
    const same = sources.find((s) => s.path === source.path && s.section === source.section);
    if (same) renumber.set(source.n, same.n);
    else {
      renumber.set(source.n, sources.length + 1);
      sources.push({ ...source, n: sources.length + 1 });
    }
  }
  const shifted = passages.answer.replace(/\[(\d+)\]/g, (_m, n: string) => `[${renumber.get(Number(n)) ?? n}]`);
  return { answer: `${structured.answer}\n${shifted}`, sources };
}
