/**
 * Core figures: cold and warm start of the services, local answer latency (retrieval included)
 * over 500+ on-topic and paraphrased questions, and peak RSS.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices } from '../../src/app/create-services.js';
import { loadConfig } from '../../src/config.js';
import type { RequestContext } from '../../src/core/types.js';
import { percentile, runSectionIfMain, type BenchFigure } from './run-section.js';

const MODELS = ['Llama 2', 'Llama 2 70B', 'Llama 3.1', 'Falcon 7B', 'Falcon 40B', 'Falcon 180B', 'Mistral 7B', 'Mixtral 8x7B', 'Gemma', 'BLOOM', 'GPT-4', 'GPT-4o', 'Claude', 'Gemini 1.5 Pro'];

const TEMPLATES = [
  'Can we use {m} commercially?',
  'Is {m} allowed in a paid product?',
  'Does {m} have a cap on monthly active users?',
  'What happens if our app built on {m} passes 700 million users?',
  'Can we redistribute {m} weights to customers?',
  'What attribution or notice does {m} require?',
  'May we use outputs of {m} to train another model?',
  'Can {m} be offered as a hosted API service?',
  'Does the provider of {m} train on our data?',
  'Who owns the text {m} generates?',
  'What uses does the acceptable use policy of {m} forbid?',
  'What is the license of {m}?',
];

const GENERAL = [
  'What are the advantages of open-source LLMs?',
  'Why would a company choose a closed model?',
  'How do open models compare on transparency?',
  'Will open models overtake proprietary ones?',
  'What does Apache 2.0 require when we ship modified code?',
  'Is MIT licensed software free to use in commercial products?',
  'Which models can we fine-tune and keep private?',
  'Are there costs to self-hosting an open model?',
  // off-topic: must be refused quickly too
  "What's the weather in Paris?",
  'Give me a recipe for pancakes',
  'Who won the 2018 world cup?',
  'How do I reset my router?',
];

export function benchQuestions(count = 520): string[] {
  const all = [...MODELS.flatMap((m) => TEMPLATES.map((t) => t.replace('{m}', m))), ...GENERAL];
  const questions: string[] = [];
  for (let i = 0; questions.length < count; i += 1) questions.push(all[i % all.length] ?? '');
  return questions;
}

export async function run(): Promise<BenchFigure[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
  const config = loadConfig({ ...process.env, PARLEY_DATA_DIR: dataDir, PARLEY_LOG_LEVEL: 'silent', PARLEY_EMBEDDINGS: 'local', PARLEY_DEFAULT_BACKEND: 'local' });
  try {
    let started = performance.now();
    const first = await createServices(config);
    const coldMs = performance.now() - started;
    await first.close();

    started = performance.now();
    const services = await createServices(config);
    const warmMs = performance.now() - started;

    const ctx: RequestContext = { guildId: null, channelId: 'bench', userId: 'bench', isAdmin: false };
    const questions = benchQuestions();
    for (const question of questions.slice(0, 20)) await services.answers.ask(ctx, { question }); // warm-up (JIT)
    const latencies: number[] = [];
    let covered = 0;
    for (const question of questions) {
      const t0 = performance.now();
      const result = await services.answers.ask(ctx, { question });
      latencies.push(performance.now() - t0);
      if (result.covered) covered += 1;
    }
    await services.close();

    return [
      { name: 'core cold start (createServices, builds index)', value: coldMs, unit: 'ms' },
      { name: 'core warm start (createServices, loads index)', value: warmMs, unit: 'ms' },
      { name: 'local answer p50', value: percentile(latencies, 50), unit: 'ms' },
      { name: 'local answer p99', value: percentile(latencies, 99), unit: 'ms' },
      { name: 'local answer questions', value: latencies.length, unit: 'questions' },
      { name: 'local answer covered', value: Math.round((100 * covered) / latencies.length), unit: '%' },
    ];
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await runSectionIfMain(import.meta.url, 'core', run);
