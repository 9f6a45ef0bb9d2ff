/**
 * `npm run eval`: every set in test/eval/ (or `--set NAME`), each with hybrid, dense-only and
 * lexical-only retrieval: facts in the answer the user reads (the answer service's local answer),
 * facts in the top 6 chunks, source hit@5, off-topic declined, wrongly declined, mean answer
 * length. `--ablate` then switches off each component of the pipeline in turn (hybrid, development sets only)
 * and prints what it changes. `--mode hybrid` runs one retrieval mode only. `--verbose` lists fact misses and wrong coverage decisions.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAnswerService, DEFAULT_PIPELINE, type PipelineTuning } from '../src/answers/answer-service.js';
import { createLogger } from '../src/core/logger.js';
import type { RequestContext } from '../src/core/types.js';
import { loadConfig } from '../src/config.js';
import { loadCatalog } from '../src/knowledge/catalog.js';
import { buildIndex, createRetriever, localEmbeddings, type RetrievalMode, type RetrieverOptions } from '../src/retrieval/index.js';
import { evaluateAnswers, loadEntries, type AnswerEvalResult, type EvalEntry } from '../src/retrieval/evaluation.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const only = args.includes('--set') ? args[args.indexOf('--set') + 1] : undefined;
const modes: RetrievalMode[] = args.includes('--mode') ? [args[args.indexOf('--mode') + 1] as RetrievalMode] : ['hybrid', 'dense', 'lexical'];
const evalDir = path.join(root, 'test/eval');
const setNames = only ? [only] : fs.readdirSync(evalDir).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();
const sets = setNames.map((name) => ({ name, entries: loadEntries(path.join(evalDir, `${name}.yaml`)) }));

const config = loadConfig(process.env, { dotenv: true });
const catalog = loadCatalog(config.knowledgeDir);
const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-eval-'));
const index = await buildIndex({ knowledgeDir: config.knowledgeDir, indexDir, embeddings: localEmbeddings() });
const logger = createLogger('silent');
const context: RequestContext = { guildId: null, channelId: 'eval', userId: 'eval', isAdmin: false };

async function run(entries: readonly EvalEntry[], retrieverOptions: RetrieverOptions, tuning: PipelineTuning = DEFAULT_PIPELINE): Promise<AnswerEvalResult> {
  const retriever = createRetriever(index, retrieverOptions);
  const answers = createAnswerService({ retriever, logger, catalog, tuning });
  return evaluateAnswers(retriever, entries, (question) => answers.ask(context, { question }));
}

const fmt = (n: number) => (Number.isNaN(n) ? 'n/a' : n.toFixed(3));

function print(prefix: string, r: AnswerEvalResult): void {
  console.log(`${prefix} facts in answer: ${fmt(r.factsInAnswer)}`);
  console.log(`${prefix} facts in top 6: ${fmt(r.factsInTop6)}`);
  console.log(`${prefix} source hit@5: ${fmt(r.sourceHitAt5)}`);
  console.log(`${prefix} off-topic declined: ${fmt(r.offTopicDeclined)}`);
  console.log(`${prefix} wrongly declined: ${fmt(r.wronglyDeclined)}`);
  console.log(`${prefix} mean answer chars: ${Math.round(r.meanAnswerChars)}`);
}

console.log(`chunks: ${index.chunks.length}`);
for (const set of sets) {
  const offTopic = set.entries.filter((e) => 'offTopic' in e).length;
  console.log(`set ${set.name}: ${set.entries.length - offTopic} answerable, ${offTopic} off-topic`);
  for (const mode of modes) {
    const result = await run(set.entries, { mode });
    print(`${set.name} ${mode}`, result);
    if (verbose && mode === 'hybrid') {
      for (const miss of result.factMisses) console.log(`  fact miss: ${miss.question} [${miss.facts.join(', ')}]\n    ${miss.answer.replace(/\n/g, ' ')}`);
      for (const wrong of result.wrongDecisions) console.log(`  ${wrong}`);
    }
  }
}

if (args.includes('--ablate')) {
  // Decisions are taken on development sets only: the frozen test-* sets are never ablated on.
  const development = sets.filter((set) => !set.name.startsWith('test-'));
  const all = development.flatMap((set) => set.entries);
  const base = await run(all, { mode: 'hybrid' });
  const p = DEFAULT_PIPELINE;
  const variants: Array<[string, RetrieverOptions, PipelineTuning]> = [
    ['sentence dense cosine', {}, { ...p, answer: { ...p.answer, dense: 0 } }],
    ['sentence BM25 terms', {}, { ...p, answer: { ...p.answer, lexical: 0 } }],
    ['title/section context', {}, { ...p, answer: { ...p.answer, context: 0 } }],
    ['lighter weight of the named models (subject)', {}, { ...p, answer: { ...p.answer, subject: 1 } }],
    ['chunk rank prior', {}, { ...p, answer: { ...p.answer, rank: 0 } }],
    ['MMR diversity', {}, { ...p, answer: { ...p.answer, mmrLambda: 1 } }],
    ['further passages', {}, { ...p, answer: { ...p.answer, followMin: Number.POSITIVE_INFINITY } }],
    ['new-source bar (weak passages add to cited sources only)', {}, { ...p, answer: { ...p.answer, newSourceMin: 0 } }],
    ['sentences that lean on the one before them kept with it', {}, { ...p, answer: { ...p.answer, leadContext: false } }],
    ['coverage: dense threshold', {}, { ...p, coverage: { ...p.coverage, minDense: 0 } }],
    ['coverage: dense + known-terms line', {}, { ...p, coverage: { ...p.coverage, minScore: 0 } }],
    ['structured catalog answers', {}, { ...p, catalog: { minFieldMatch: Number.POSITIVE_INFINITY } }],
    ['unknown-model check', {}, { ...p, unknownModels: false }],
    ['heading ranking (retriever)', { headingWeight: 0 }, p],
    ['spelling (retriever and answer)', { spelling: false }, { ...p, spelling: false }],
    ['answers about named models from the chunks about them', {}, { ...p, stayOnSubject: false }],
  ];
  const delta = (a: number, b: number) => `${a - b >= 0 ? '+' : ''}${(a - b).toFixed(3)}`;
  console.log(`ablation (hybrid, ${all.length} questions of the ${development.length} development sets): change when the component is switched off`);
  console.log(`baseline: facts in answer ${fmt(base.factsInAnswer)}, off-topic declined ${fmt(base.offTopicDeclined)}, wrongly declined ${fmt(base.wronglyDeclined)}, mean chars ${Math.round(base.meanAnswerChars)}`);
  for (const [name, retrieverOptions, tuning] of variants) {
    const r = await run(all, { mode: 'hybrid', ...retrieverOptions }, tuning);
    console.log(
      `without ${name}: facts in answer ${delta(r.factsInAnswer, base.factsInAnswer)}, facts in top 6 ${delta(r.factsInTop6, base.factsInTop6)}, source hit@5 ${delta(r.sourceHitAt5, base.sourceHitAt5)}, off-topic declined ${delta(r.offTopicDeclined, base.offTopicDeclined)}, wrongly declined ${delta(r.wronglyDeclined, base.wronglyDeclined)}, mean chars ${delta(r.meanAnswerChars, base.meanAnswerChars).replace(/\.\d+$/, '')}, answers changed ${r.answers.filter((answer, i) => answer !== base.answers[i]).length} of ${all.length}`,
    );
  }
}
index.close();
fs.rmSync(indexDir, { recursive: true, force: true });
