/**
 * Whether the knowledge base covers a question, decided from retrieval evidence before any
 * answerer runs: how close the best retrieved chunks are to the question in the local dense
 * space, and how much of the question's wording the corpus knows at all. A question naming
 * things the corpus never mentions ("Kestrel Cloud", "MMLU") needs closer chunks to count as
 * covered: the bar on the dense closeness rises with the share of unknown terms. Fitted on the
 * development sets (answerable questions and test/eval/dev-offtopic*.yaml).
 */
import { cosine, type TextModel } from '../retrieval/text-model.js';
import * as stopwords from 'stopword';
import { foldText, terms } from '../retrieval/text.js';
import type { AnswerChunk } from './local-answerer.js';

export interface CoverageEvidence {
  /** Best cosine between the question and a retrieved chunk (with its title and section). */
  dense: number;
  /** Share of the question's distinct terms that occur anywhere in the knowledge base. */
  known: number;
}

export interface CoverageTuning {
  /** The dense closeness any covered question needs (a bare "why?" meets a chunk by one word). */
  minDense: number;
  /** What dense + knownWeight·known must reach: a question the corpus has fewer words for needs closer chunks. */
  minScore: number;
  knownWeight: number;
}

/**
 * Fitted on the development sets (`npm run eval`): dense + 0.3·known ≥ 0.375 declined the most
 * off-topic questions (0.73 of 60) while wrongly declining < 1% of the 258 answerable ones; two
 * separate thresholds (dense ≥ 0.16, known ≥ 0.45) declined 0.70 and wrongly declined 1.6%.
 */
export const DEFAULT_COVERAGE: CoverageTuning = { minDense: 0.12, minScore: 0.375, knownWeight: 0.3 };

/** Chunks (best first) whose closeness counts: the ones an answer would draw on. */
const TOP = 3;

/** Share of the question's distinct terms that occur anywhere in the knowledge base. */
export function knownShare(question: string, model: TextModel): number {
  const asked = [...new Set(terms(question))];
  return asked.length > 0 ? asked.filter((term) => model.knows(term)).length / asked.length : 0;
}

export function coverageEvidence(question: string, chunks: readonly AnswerChunk[], model: TextModel): CoverageEvidence {
  const known = knownShare(question, model);
  const query = model.embed(question);
  const dense = Math.max(0, ...chunks.slice(0, TOP).map((chunk) => cosine(query, model.embed(`${chunk.title} ${chunk.section}\n${chunk.text}`))));
  return { dense, known };
}

export function isCovered(evidence: CoverageEvidence, tuning: CoverageTuning = DEFAULT_COVERAGE): boolean {
  return evidence.dense >= tuning.minDense && evidence.dense + tuning.knownWeight * evidence.known >= tuning.minScore;
}

/**
 * A question not written in English: mostly another script than the Latin alphabet, or Latin
 * letters whose function words ("por", "cada", "und", "est") are another language's and not
 * English's. The knowledge base is English, so such a question is told so rather than answered
 * from whatever its few shared words (model names, "tokens") match.
 */
export function isNotEnglish(question: string): boolean {
  const letters = question.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return false;
  const latin = letters.filter((letter) => /\p{Script=Latin}/u.test(letter)).length;
  if (latin / letters.length < 0.5) return true;
  // Single letters ("else's") and capitals ("EU") are not function words.
  const asked = new Set((question.match(/[\p{L}]{2,}/gu) ?? []).filter((word) => word !== word.toUpperCase()).map(foldText));
  const english = [...asked].filter((word) => ENGLISH_STOPWORDS.has(word)).length;
  return OTHER_LANGUAGES.some((list) => {
    const hits = [...asked].filter((word) => list.has(word)).length;
    return hits >= MIN_FOREIGN_WORDS && hits > english;
  });
}

/** Function words of another language a question needs before it counts as that language. */
const MIN_FOREIGN_WORDS = 2;
const ENGLISH_STOPWORDS = new Set(stopwords.eng.map(foldText));
/** The Latin-script languages of the `stopword` package most often typed in a chat, minus English's own words. */
const OTHER_LANGUAGES = [stopwords.spa, stopwords.fra, stopwords.deu, stopwords.ita, stopwords.por, stopwords.nld].map(
  (list) => new Set(list.map(foldText).filter((word) => !ENGLISH_STOPWORDS.has(word))),
);

export const ENGLISH_ONLY_ANSWER =
  'The knowledge base is in English, so I can only answer questions asked in English. Please ask again in English.';
