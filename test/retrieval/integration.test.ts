import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverageEvidence, isCovered } from '../../src/answers/coverage.js';
import { evaluate, loadQuestions } from '../../src/retrieval/evaluation.js';
import { buildIndex, createRetriever, localEmbeddings, type KnowledgeIndex } from '../../src/retrieval/index.js';
import { tempDir } from './fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let index: KnowledgeIndex;

beforeAll(async () => {
  index = await buildIndex({ knowledgeDir: path.join(root, 'knowledge'), indexDir: tempDir(), embeddings: localEmbeddings() });
});
afterAll(() => index.close());

describe('the real knowledge base', () => {
  it('indexes every document without problems', () => {
    expect(index.manifest.problems).toEqual([]);
    expect(index.manifest.documentCount).toBeGreaterThanOrEqual(13);
    const paths = new Set(index.chunks.map((c) => c.path));
    for (const expected of ['article-open-vs-closed-llms.md', 'licenses/llama-2.md', 'licenses/falcon-7b-40b.md', 'licenses/openai.md']) expect(paths).toContain(expected);
    for (const chunk of index.chunks) {
      expect(chunk.title).not.toBe('');
      expect(chunk.section).not.toBe('');
    }
  });

  it.each([
    ['Can we ship Llama 2 in a product with 800M users?', 'licenses/llama-2.md', '§2'],
    ['Is Falcon 40B usable commercially?', 'licenses/falcon-7b-40b.md', undefined],
    ['Can we offer Falcon 180B to other companies as a hosted API?', 'licenses/falcon-180b.md', '§9'],
    ['Does OpenAI train on our API data?', 'licenses/openai.md', '§4.2'],
    ['may we use llama 2 outputs to train another model', 'licenses/llama-2.md', '§1.b.v'],
    ['WHAT ARE THE CHALLENGES FACING OPEN-SOURCE LLMS?', 'article-open-vs-closed-llms.md', 'Challenges'],
  ])('%s → %s', async (question, expectedPath, sectionStart) => {
    const results = await createRetriever(index).search(question, 5);
    const hit = results.find((r) => r.path === expectedPath && (sectionStart === undefined || r.section.startsWith(sectionStart)));
    expect(hit, JSON.stringify(results.map((r) => `${r.path} ${r.section}`))).toBeDefined();
    expect(results.indexOf(hit!)).toBeLessThan(3);
  });

  it('meets the bar on the labelled set, and hybrid beats each half', async () => {
    const questions = loadQuestions(path.join(root, 'test/eval/questions.yaml'));
    expect(questions.length).toBeGreaterThanOrEqual(60);
    const hybrid = await evaluate(createRetriever(index, { mode: 'hybrid' }), questions);
    const dense = await evaluate(createRetriever(index, { mode: 'dense' }), questions);
    const lexical = await evaluate(createRetriever(index, { mode: 'lexical' }), questions);
    expect(hybrid.recallAt5).toBeGreaterThanOrEqual(0.9);
    expect(hybrid.recallAt5).toBeGreaterThanOrEqual(Math.max(dense.recallAt5, lexical.recallAt5));
    expect(hybrid.factRecallAt5).toBeGreaterThanOrEqual(Math.max(dense.factRecallAt5, lexical.factRecallAt5));
    expect(hybrid.factRecallAt5).toBeGreaterThanOrEqual(0.9);
  });

  it('every labelled fact really appears in one of its expected sources', () => {
    const questions = loadQuestions(path.join(root, 'test/eval/questions.yaml'));
    const unsupported = questions.filter(
      (q) =>
        !q.facts.every((fact) =>
          index.chunks.some(
            (c) =>
              q.expected.some((e) => e.path === c.path && (e.section === undefined || c.section.toLowerCase().includes(e.section.toLowerCase()))) &&
              `${c.section}\n${c.text}`.toLowerCase().includes(fact.toLowerCase()),
          ),
        ),
    );
    expect(unsupported.map((q) => q.question)).toEqual([]);
  });

  it('finds the right clause for informal paraphrases (test/eval/dev2.yaml), and hybrid beats each half', async () => {
    const questions = loadQuestions(path.join(root, 'test/eval/dev2.yaml'));
    const hybrid = await evaluate(createRetriever(index, { mode: 'hybrid' }), questions);
    const dense = await evaluate(createRetriever(index, { mode: 'dense' }), questions);
    const lexical = await evaluate(createRetriever(index, { mode: 'lexical' }), questions);
    // Without a thesaurus, paraphrases that share no word with their clause are the weak spot.
    expect(hybrid.recallAt5).toBeGreaterThanOrEqual(0.75);
    expect(hybrid.recallAt5).toBeGreaterThanOrEqual(Math.max(dense.recallAt5, lexical.recallAt5));
  });

  it('finds off-topic questions not covered, from retrieval evidence alone', async () => {
    for (const question of [
      "What's the weather in Paris?",
      'Should we switch off the office lights at night?',
      'Can I cancel my gym membership?',
      'Who owns the Eiffel Tower?',
      'How do I publish a paper in Nature?',
      'How long should I cook pancakes?',
    ]) {
      expect(isCovered(coverageEvidence(question, await createRetriever(index).search(question, 6), index.text)), question).toBe(false);
    }
  });
});
