/**
 * The embedded `local` answer: extractive, offline, a few milliseconds. Every sentence of the
 * retrieved chunks is scored against the question with the index's own representations — cosine
 * in the local dense space and BM25 term weights — fused, with the chunk's title and section as
 * context and its retrieval rank as a prior. The best sentence leads; maximal marginal relevance
 * (Carbonell & Goldstein 1998) then adds short cited passages that say something the lead does not.
 * Whether the knowledge base covers the question is decided before this, from retrieval (coverage.ts).
 */
import type { Source } from '../core/types.js';
import { cosine, TextModel } from '../retrieval/text-model.js';
import { markdownSentences, terms } from '../retrieval/text.js';
import type { RetrievedChunk } from '../retrieval/types.js';
import { renumberCitations, truncateSnippet } from './citations.js';

/** The fields of a retrieved chunk the answerer reads. */
export type AnswerChunk = Pick<RetrievedChunk, 'id' | 'text' | 'title' | 'section' | 'path' | 'url' | 'score'>;

export interface LocalAnswer {
  answer: string;
  sources: Source[];
  covered: boolean;
}

export const NOT_COVERED_ANSWER =
  "The knowledge base doesn't cover this question, so I won't guess. I can answer questions about open and closed LLMs, their licenses and terms (commercial use, user caps, redistribution, use of outputs, hosting, training on your data) and the models in the catalog.";

/** Each tunable of the sentence ranker; `npm run eval -- --ablate` sets each to its "off" value in turn. */
export interface AnswerTuning {
  /** Weight of the dense cosine in the fused score (meets typos and morphology the terms miss). */
  dense: number;
  /** Weight of the BM25-weighted share of question terms a sentence contains. */
  lexical: number;
  /** Credit for a question term found only in the sentence's title or section, not in it. */
  context: number;
  /** How much a chunk's retrieval rank counts: the score of the k-th chunk is scaled by 1 - rank·k/chunks. */
  rank: number;
  /**
   * Weight of the terms of the model names a question is about (from the catalog), beside what it
   * asks: "gpt-4o outputs to train our own model" is answered by the clause on outputs, not by
   * whichever sentence names GPT-4o most. 1 counts names like any other word.
   */
  subject: number;
  /** MMR trade-off: 1 = relevance only, lower = more weight on saying something new. */
  mmrLambda: number;
  /** A further passage needs at least this share of the lead's score. */
  followMin: number;
  /** A passage from a document not yet cited needs this share: weaker ones only add detail to the cited sources. */
  newSourceMin: number;
  /**
   * A sentence that leans on the one before it ("So …", "This …") is not cut loose from it: as the
   * lead it comes with that sentence, and as a further passage it needs that sentence in the answer.
   */
  leadContext: boolean;
}

export const DEFAULT_TUNING: AnswerTuning = { dense: 0.7, lexical: 1, context: 0.5, rank: 0.5, subject: 0.7, mmrLambda: 0.7, followMin: 0.2, newSourceMin: 0.5, leadContext: true };

/** Discord-friendly: a lead and short passages filling most of one message (facts in the top chunks reach the reader). */
const MAX_SENTENCES = 8;
const MAX_ANSWER_CHARS = 850;
/** A unit shorter than this many terms is a fragment (a label, a date line), not an answer. */
const MIN_TERMS = 3;
/** A lead-in: "…face several challenges:", or a question the document then answers. */
const INTRODUCES = /[:?]["'”’)]*$/u;
/**
 * A sentence opening with a connective or a word pointing back ("So Anthropic does not train…",
 * "This applies…", "Instead, …"), or drawing a conclusion anywhere in it ("A company can therefore
 * self-host…"), continues the one before it: as the lead of an answer, it would state a conclusion
 * without its premise.
 */
const LEANS_ON_PREVIOUS = /^(?:so|this|that|these|those|it|its|they|their|instead|however|but|also|then|otherwise|here|there|such|both|either|neither|the same)\b|\b(?:thus|therefore|hence|consequently)\b/i;
/** A passage this close (cosine) to one already chosen repeats it. */
const REPEATS = 0.8;

interface Candidate {
  text: string;
  chunk: AnswerChunk;
  vector: number[];
  score: number;
  /** The unit before it in its chunk. */
  previous?: string;
}

export interface LocalAnswerOptions {
  /** The corpus statistics and dense space to score with; fitted on the chunks when absent. */
  text?: TextModel;
  tuning?: AnswerTuning;
  /** Terms of the catalog model names the question is about (its subject, not what it asks). */
  subject?: readonly string[];
}

export function answerLocally(question: string, chunks: readonly AnswerChunk[], options: LocalAnswerOptions = {}): LocalAnswer {
  const tuning = options.tuning ?? DEFAULT_TUNING;
  const candidates = rankSentences(question, chunks, options.text ?? new TextModel(chunks), tuning, options.subject ?? []);
  const lead = candidates[0];
  if (!lead || lead.score <= 0) return notCovered();
  return compose(selectPassages(candidates, tuning));
}

export function notCovered(answer = NOT_COVERED_ANSWER): LocalAnswer {
  return { answer, sources: [], covered: false };
}

/** Sentences of the chunks, best first. */
function rankSentences(question: string, chunks: readonly AnswerChunk[], model: TextModel, tuning: AnswerTuning = DEFAULT_TUNING, subject: readonly string[] = []): Candidate[] {
  const asked = [...new Set(terms(question))];
  const weights = new Map(asked.map((term) => [term, model.idf(term) * (subject.includes(term) ? tuning.subject : 1)]));
  const total = [...weights.values()].reduce((sum, w) => sum + w, 0);
  const queryVector = model.embed(question);
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  chunks.forEach((chunk, rank) => {
    const heading = terms(`${chunk.title} ${chunk.section}`);
    const prior = 1 - (tuning.rank * rank) / Math.max(chunks.length, 1);
    // A sentence that ends in ":" or "?" introduces what follows (a list, an FAQ answer): it is
    // context for the sentences after it, like a heading, not an answer itself.
    let context = new Set(heading);
    let previous: string | undefined;
    for (const text of markdownSentences(chunk.text)) {
      const before = previous;
      previous = text;
      if (INTRODUCES.test(text)) {
        context = new Set([...heading, ...terms(text)]);
        continue;
      }
      const own = new Set(terms(text));
      // Overlapping chunks repeat sentences: each is scored once, where it ranks best.
      if (own.size < MIN_TERMS || seen.has(text)) continue;
      seen.add(text);
      let met = 0;
      for (const [term, weight] of weights) met += own.has(term) ? weight : context.has(term) ? tuning.context * weight : 0;
      const lexical = total > 0 ? met / total : 0;
      const vector = model.embed(text);
      const score = (tuning.dense * Math.max(0, cosine(queryVector, vector)) + tuning.lexical * lexical) * prior;
      candidates.push({ text, chunk, vector, score, ...(before !== undefined ? { previous: before } : {}) });
    }
  });
  return candidates.sort((a, b) => b.score - a.score);
}

/** The lead, then passages chosen by maximal marginal relevance until the length budget is spent. */
function selectPassages(ranked: readonly Candidate[], tuning: AnswerTuning): Candidate[] {
  const [best, ...rest] = ranked;
  if (!best) return [];
  const premise = tuning.leadContext && LEANS_ON_PREVIOUS.test(best.text) ? best.previous : undefined;
  const lead = premise ? { ...best, text: `${premise} ${best.text}` } : best;
  const chosen = [lead];
  let length = lead.text.length;
  const pool = rest.filter((c) => c.score >= tuning.followMin * lead.score && c.text !== premise);
  while (chosen.length < MAX_SENTENCES && pool.length > 0) {
    let bestIndex = -1;
    let bestValue = -Infinity;
    pool.forEach((candidate, i) => {
      const redundancy = Math.max(...chosen.map((c) => cosine(c.vector, candidate.vector)));
      if (redundancy >= REPEATS) return;
      // A passage that leans on the sentence before it is not cut loose from it.
      if (tuning.leadContext && LEANS_ON_PREVIOUS.test(candidate.text) && !chosen.some((c) => candidate.previous !== undefined && c.text.includes(candidate.previous))) return;
      const newSource = !chosen.some((c) => c.chunk.path === candidate.chunk.path);
      if (newSource && candidate.score < tuning.newSourceMin * lead.score) return;
      const value = tuning.mmrLambda * (candidate.score / lead.score) - (1 - tuning.mmrLambda) * redundancy;
      if (value > bestValue) {
        bestValue = value;
        bestIndex = i;
      }
    });
    if (bestIndex < 0) break;
    const [next] = pool.splice(bestIndex, 1);
    if (!next || length + next.text.length > MAX_ANSWER_CHARS) continue;
    chosen.push(next);
    length += next.text.length;
  }
  return chosen;
}

/** Each passage cites its source; sources are numbered in order of first citation. */
function compose(chosen: readonly Candidate[]): LocalAnswer {
  const byKey = new Map<string, Source>();
  const parts = chosen.map((candidate) => {
    const key = `${candidate.chunk.path}#${candidate.chunk.section}`;
    let source = byKey.get(key);
    if (!source) {
      source = {
        n: byKey.size + 1,
        title: candidate.chunk.title,
        section: candidate.chunk.section,
        path: candidate.chunk.path,
        url: candidate.chunk.url,
        snippet: truncateSnippet(candidate.text),
        score: Math.round(candidate.chunk.score * 10_000) / 10_000,
      };
      byKey.set(key, source);
    }
    return withCitation(candidate.text, source.n);
  });
  const [lead, ...passages] = parts;
  const text = passages.length > 0 ? `${lead}\n${passages.map((p) => `• ${p}`).join('\n')}` : (lead ?? '');
  const { answer, sources } = renumberCitations(text, [...byKey.values()]);
  return { answer, sources, covered: true };
}

function withCitation(sentence: string, n: number): string {
  const trimmed = sentence.replace(/\s+$/, '');
  const match = /([.!?…]+["'”’)]*)$/u.exec(trimmed);
  if (!match) return `${trimmed} [${n}].`;
  return `${trimmed.slice(0, match.index)} [${n}]${match[1]}`;
}
