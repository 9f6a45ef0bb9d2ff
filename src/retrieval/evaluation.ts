/**
 * Evaluation over a labelled question set. Retrieval: recall@1, recall@5, MRR, facts in the top
 * chunks. Answers (`evaluateAnswers`): facts in the answer the user reads, off-topic questions
 * declined, answerable ones wrongly declined, answer length. Used by `npm run eval` and the tests.
 */
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { RetrievedChunk, Retriever } from './types.js';

const expectedSource = z.object({ path: z.string().min(1), section: z.string().min(1).optional() });
const questionSchema = z.object({
  question: z.string().min(1),
  expected: z.array(expectedSource).min(1),
  facts: z.array(z.string().min(1)).default([]),
});
/** A question the knowledge base does not cover: a good answerer declines it. */
const offTopicSchema = z.strictObject({ question: z.string().min(1), offTopic: z.literal(true) });
export type EvalQuestion = z.infer<typeof questionSchema>;
export type OffTopicQuestion = z.infer<typeof offTopicSchema>;
export type EvalEntry = EvalQuestion | OffTopicQuestion;

export function isOffTopic(entry: EvalEntry): entry is OffTopicQuestion {
  return 'offTopic' in entry;
}

/** Every entry of a set file: answerable questions and off-topic ones. */
export function loadEntries(file: string): EvalEntry[] {
  return z.array(z.union([offTopicSchema, questionSchema])).parse(parseYaml(fs.readFileSync(file, 'utf8')) ?? []);
}

/** The answerable questions of a set file. */
export function loadQuestions(file: string): EvalQuestion[] {
  return loadEntries(file).filter((entry): entry is EvalQuestion => !isOffTopic(entry));
}

export function matchesExpected(chunk: Pick<RetrievedChunk, 'path' | 'section'>, question: EvalQuestion): boolean {
  return question.expected.some(
    (source) => chunk.path === source.path && (source.section === undefined || chunk.section.toLowerCase().includes(source.section.toLowerCase())),
  );
}

export function containsAllFacts(text: string, facts: readonly string[]): boolean {
  const haystack = text.toLowerCase();
  return facts.every((fact) => haystack.includes(fact.toLowerCase()));
}

/** Produces the text whose facts are checked: an answer built from the retrieved chunks. */
/** Turns a question (and the top retrieved chunks, for answerers that do not retrieve themselves) into answer text. */
export type Answerer = (question: string, chunks: RetrievedChunk[]) => string | Promise<string>;

export const topChunksText = (_question: string, chunks: RetrievedChunk[]): string => chunks.map((chunk) => chunk.text).join('\n');

export interface EvalResult {
  questions: number;
  recallAt1: number;
  recallAt5: number;
  mrr: number;
  factAccuracy: number;
  /** Share of questions whose facts all appear in the top-5 passages: the ceiling for any answerer. */
  factRecallAt5: number;
  misses: Array<{ question: string; expected: string; got: string[] }>;
  factMisses: Array<{ question: string; facts: string[]; answer: string }>;
}

export async function evaluate(retriever: Retriever, questions: readonly EvalQuestion[], answer: Answerer = topChunksText): Promise<EvalResult> {
  let hit1 = 0;
  let hit5 = 0;
  let reciprocal = 0;
  let factHits = 0;
  let factsRetrieved = 0;
  const misses: EvalResult['misses'] = [];
  const factMisses: EvalResult['factMisses'] = [];
  for (const question of questions) {
    const results = await retriever.search(question.question, 5);
    const rank = results.findIndex((chunk) => matchesExpected(chunk, question));
    if (rank === 0) hit1 += 1;
    if (rank >= 0) {
      hit5 += 1;
      reciprocal += 1 / (rank + 1);
    } else {
      misses.push({
        question: question.question,
        expected: question.expected.map((e) => `${e.path}${e.section ? ` § ${e.section}` : ''}`).join(' | '),
        got: results.map((chunk) => `${chunk.path} § ${chunk.section}`),
      });
    }
    if (containsAllFacts(topChunksText(question.question, results), question.facts)) factsRetrieved += 1;
    const text = await answer(question.question, results);
    if (containsAllFacts(text, question.facts)) factHits += 1;
    else factMisses.push({ question: question.question, facts: question.facts, answer: text });
  }
  const n = questions.length || 1;
  return { questions: questions.length, recallAt1: hit1 / n, recallAt5: hit5 / n, mrr: reciprocal / n, factAccuracy: factHits / n, factRecallAt5: factsRetrieved / n, misses, factMisses };
}

/** What the user reads for a question: the answer service's output. */
export type AskFn = (question: string) => Promise<{ answer: string; covered: boolean }>;

export interface AnswerEvalResult {
  answerable: number;
  offTopic: number;
  /** Share of answerable questions whose answer contains every key fact. */
  factsInAnswer: number;
  /** Share of answerable questions whose facts all appear in the top 6 retrieved chunks. */
  factsInTop6: number;
  sourceHitAt5: number;
  /** Share of off-topic questions answered covered=false (NaN when the set has none). */
  offTopicDeclined: number;
  /** Share of answerable questions answered covered=false. */
  wronglyDeclined: number;
  /** Mean length in characters of the answers given (covered ones). */
  meanAnswerChars: number;
  factMisses: Array<{ question: string; facts: string[]; answer: string }>;
  wrongDecisions: string[];
  /** Every answer, in the order of the entries (to see how many a change alters). */
  answers: string[];
}

export async function evaluateAnswers(retriever: Retriever, entries: readonly EvalEntry[], ask: AskFn): Promise<AnswerEvalResult> {
  let answerable = 0;
  let offTopic = 0;
  let facts = 0;
  let top6 = 0;
  let hit5 = 0;
  let declined = 0;
  let wrongly = 0;
  let chars = 0;
  let answered = 0;
  const factMisses: AnswerEvalResult['factMisses'] = [];
  const wrongDecisions: string[] = [];
  const answers: string[] = [];
  for (const entry of entries) {
    const result = await ask(entry.question);
    answers.push(result.answer);
    if (result.covered) {
      chars += result.answer.length;
      answered += 1;
    }
    if (isOffTopic(entry)) {
      offTopic += 1;
      if (!result.covered) declined += 1;
      else wrongDecisions.push(`answered off-topic: ${entry.question}`);
      continue;
    }
    answerable += 1;
    if (!result.covered) {
      wrongly += 1;
      wrongDecisions.push(`declined answerable: ${entry.question}`);
    }
    const chunks = await retriever.search(entry.question, 6);
    if (chunks.slice(0, 5).some((chunk) => matchesExpected(chunk, entry))) hit5 += 1;
    if (containsAllFacts(topChunksText(entry.question, chunks), entry.facts)) top6 += 1;
    if (containsAllFacts(result.answer, entry.facts)) facts += 1;
    else factMisses.push({ question: entry.question, facts: entry.facts, answer: result.answer });
  }
  const share = (n: number, of: number) => (of > 0 ? n / of : Number.NaN);
  return {
    answerable,
    offTopic,
    factsInAnswer: share(facts, answerable),
    factsInTop6: share(top6, answerable),
    sourceHitAt5: share(hit5, answerable),
    offTopicDeclined: share(declined, offTopic),
    wronglyDeclined: share(wrongly, answerable),
    meanAnswerChars: answered > 0 ? chars / answered : 0,
    factMisses,
    wrongDecisions,
    answers,
  };
}
