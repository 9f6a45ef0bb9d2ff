/**
 * `npm run eval`: recall@1, recall@5, MRR and key-fact accuracy of hybrid, dense-only and
 * lexical-only retrieval on test/eval/questions.yaml. Key facts are checked in the answer of the
 * local extractive answerer, as a user would read it. `--verbose` lists the misses; `--set NAME`
 * runs test/eval/NAME.yaml instead of the main set (`holdout` and `unseen` are never tuned on).
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAnswerService } from '../src/answers/answer-service.js';
import { createLogger } from '../src/core/logger.js';
import type { RequestContext } from '../src/core/types.js';
import { loadConfig } from '../src/config.js';
import { buildIndex, createRetriever, localEmbeddings, type RetrievalMode } from '../src/retrieval/index.js';
import { evaluate, loadQuestions, type Answerer } from '../src/retrieval/evaluation.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const verbose = process.argv.includes('--verbose');
const setName = process.argv.includes('--holdout') ? 'holdout' : (process.argv[process.argv.indexOf('--set') + 1] ?? 'questions');
const setFile = `test/eval/${process.argv.includes('--set') || process.argv.includes('--holdout') ? setName : 'questions'}.yaml`;
const config = loadConfig(process.env, { dotenv: true });
const questions = loadQuestions(path.join(root, setFile));
const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-eval-'));
const index = await buildIndex({ knowledgeDir: config.knowledgeDir, indexDir, embeddings: localEmbeddings() });
const logger = createLogger('silent');
const context: RequestContext = { guildId: null, channelId: 'eval', userId: 'eval', isAdmin: false };

console.log(`question set: ${setFile}`);
console.log(`questions: ${questions.length}`);
console.log(`chunks: ${index.chunks.length}`);
for (const mode of ['hybrid', 'dense', 'lexical'] as RetrievalMode[]) {
  const retriever = createRetriever(index, { mode });
  // Key facts are checked in what a user would read: the answer service's own retrieval and local answer.
  const answers = createAnswerService({ retriever, logger });
  const answer: Answerer = async (question) => (await answers.ask(context, { question })).answer;
  const result = await evaluate(retriever, questions, answer);
  console.log(`${mode} recall@1: ${result.recallAt1.toFixed(3)}`);
  console.log(`${mode} recall@5: ${result.recallAt5.toFixed(3)}`);
  console.log(`${mode} MRR: ${result.mrr.toFixed(3)}`);
  console.log(`${mode} key-fact accuracy: ${result.factAccuracy.toFixed(3)}`);
  console.log(`${mode} key-fact recall@5: ${result.factRecallAt5.toFixed(3)}`);
  if (verbose && mode === 'hybrid') for (const miss of result.factMisses) console.log(`  fact miss: ${miss.question} [${miss.facts.join(', ')}]\n    ${miss.answer.replace(/\n/g, ' ')}`);
  if (verbose) for (const miss of result.misses) console.log(`  miss: ${miss.question}\n    expected ${miss.expected}\n    got ${miss.got.join('; ')}`);
}
index.close();
fs.rmSync(indexDir, { recursive: true, force: true });
