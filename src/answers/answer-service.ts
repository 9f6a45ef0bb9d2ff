/**
 * The answers service: question in, cited answer out. Transport-agnostic (Discord, terminal
 * and CLI all call `ask`). Version 1 answers with the embedded extractive backend `local`;
 * generative backends plug in through `AnswerBackend` (resolution, RAG chain, fallback).
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from '../core/logger.js';
import type { AnswerResult, AskInput, RequestContext, Source, Usage } from '../core/types.js';
import { UserError } from '../core/errors.js';
import { followUpQuery } from './follow-up.js';
import { retrieveForQuestion, type ChunkSearcher } from './question-retrieval.js';
import { answerLocally, type AnswerChunk } from './local-answerer.js';
import { parseQuestion } from './question.js';

export interface AnswerService {
  ask(ctx: RequestContext, input: AskInput): Promise<AnswerResult>;
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

/** One way of turning retrieved chunks into an answer. `local` is built in; others are added by name. */
export interface AnswerBackend {
  name: string;
  answer(question: string, chunks: AnswerChunk[], ctx: RequestContext, input: AskInput): Promise<BackendAnswer>;
}

export const LOCAL_BACKEND = 'local';

/**
 * What the local answerer scores retrieved sentences against: the question, plus the subject a
 * follow-up leans on ("what about its user cap?" after a Gemma question is about Gemma).
 */
export function scoringQuestion(question: string, input: Pick<AskInput, 'history'>): string {
  return followUpQuery(question, input.history).text;
}

/** The embedded default: extractive, offline, no cost. */
export const localBackend: AnswerBackend = {
  name: LOCAL_BACKEND,
  async answer(question, chunks, _ctx, input) {
    const local = answerLocally(scoringQuestion(question, input), chunks);
    return { ...local, usage: null, costUsd: null };
  },
};

export interface AnswerServiceOptions {
  /** One searcher for every request, or the searcher for this request's server (its team documents). */
  retriever: ChunkSearcher | ((ctx: RequestContext) => ChunkSearcher);
  logger: Logger;
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
}

export function createAnswerService(options: AnswerServiceOptions): AnswerService {
  const { retriever, logger } = options;
  const k = options.k ?? 6;
  const backends = new Map<string, AnswerBackend>([[LOCAL_BACKEND, localBackend]]);
  for (const backend of options.backends ?? []) backends.set(backend.name, backend);

  async function pickBackend(ctx: RequestContext, input: AskInput): Promise<AnswerBackend> {
    const name = options.resolveBackend ? await options.resolveBackend(ctx, input) : input.backend?.trim() || LOCAL_BACKEND;
    const backend = backends.get(name) ?? options.backendFor?.(name);
    if (!backend) {
      throw new UserError(`There is no backend called "${name}". Available: ${[...backends.keys()].join(', ')}.`, 'unknown_backend');
    }
    return backend;
  }

  return {
    async ask(ctx, input) {
      const question = parseQuestion(input.question);
      const started = performance.now();
      const backend = await pickBackend(ctx, input);
      // A follow-up is retrieved with the subject it leans on; backends still get the user's own words.
      // A comparison also retrieves each side on its own, so both sides reach the backend.
      const query = followUpQuery(question, input.history);
      const searcher = typeof retriever === 'function' ? retriever(ctx) : retriever;
      const chunks = await retrieveForQuestion(searcher, question, query.text, k, query.carried);
      const result = await backend.answer(question, chunks, ctx, input);
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      logger.debug(
        { backend: backend.name, latencyMs, covered: result.covered, sources: result.sources.length, carried: query.carried, channelId: ctx.channelId },
        'answered question',
      );
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
  };
}
