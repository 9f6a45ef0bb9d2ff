/**
 * Retrieval figures: index build and load (median of several runs, real knowledge/, local
 * embeddings), and hybrid / dense / lexical search latency p50/p99 over 500+ questions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../src/config.js';
import { loadQuestions } from '../../src/retrieval/evaluation.js';
import { buildIndex, createRetriever, loadIndex, localEmbeddings, type RetrievalMode } from '../../src/retrieval/index.js';
import { median, percentile, runSectionIfMain, type BenchFigure } from './run-section.js';

const RUNS = 5;
const QUERIES = 540;

export async function run(): Promise<BenchFigure[]> {
  const config = loadConfig({ ...process.env, PARLEY_LOG_LEVEL: 'silent' });
  const root = path.resolve(import.meta.dirname, '../..');
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-retrieval-'));
  try {
    const buildMs: number[] = [];
    let chunks = 0;
    for (let i = 0; i < RUNS; i += 1) {
      const started = performance.now();
      const index = await buildIndex({ knowledgeDir: config.knowledgeDir, indexDir: path.join(workDir, 'index'), embeddings: localEmbeddings() });
      buildMs.push(performance.now() - started);
      chunks = index.chunks.length;
      index.close();
    }
    const loadMs: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const started = performance.now();
      const index = await loadIndex({ indexDir: path.join(workDir, 'index'), embeddings: localEmbeddings() });
      loadMs.push(performance.now() - started);
      index.close();
    }

    const index = await loadIndex({ indexDir: path.join(workDir, 'index'), embeddings: localEmbeddings() });
    const base = loadQuestions(path.join(root, 'test/eval/questions.yaml')).map((q) => q.question);
    const questions = Array.from({ length: QUERIES }, (_, i) => {
      const q = base[i % base.length] ?? '';
      return i < base.length ? q : i % 2 === 0 ? q.toUpperCase() : `${q} Please cite the clause.`;
    });
    const figures: BenchFigure[] = [
      { name: `retrieval index build (median of ${RUNS})`, value: median(buildMs), unit: 'ms' },
      { name: `retrieval index load (median of ${RUNS})`, value: median(loadMs), unit: 'ms' },
      { name: 'retrieval chunks', value: chunks, unit: 'chunks' },
    ];
    for (const mode of ['hybrid', 'dense', 'lexical'] as RetrievalMode[]) {
      const retriever = createRetriever(index, { mode });
      for (const q of questions.slice(0, 30)) await retriever.search(q, 5); // warm-up (JIT)
      const latencies: number[] = [];
      for (const q of questions) {
        const started = performance.now();
        await retriever.search(q, 5);
        latencies.push(performance.now() - started);
      }
      figures.push({ name: `retrieval ${mode} p50`, value: percentile(latencies, 50), unit: 'ms' });
      figures.push({ name: `retrieval ${mode} p99`, value: percentile(latencies, 99), unit: 'ms' });
    }
    figures.push({ name: 'retrieval queries per mode', value: questions.length, unit: 'queries' });
    index.close();
    return figures;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

await runSectionIfMain(import.meta.url, 'retrieval', run);
