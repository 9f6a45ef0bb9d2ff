/**
 * Retrieval evaluation over a labelled question set: recall@1, recall@5, MRR and key-fact accuracy.
 * Used by `npm run eval` and by the tests that keep the bar.
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
export type EvalQuestion = z.infer<typeof questionSchema>;

export function loadQuestions(file: string): EvalQuestion[] {
  return z.array(questionSchema).parse(parseYaml(fs.readFileSync(file, 'utf8')));
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
