/** The current open-weight models in the knowledge base: catalog facts, corrected citations, and retrieval of their briefs. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/knowledge/catalog.js';
import { buildIndex, createRetriever, localEmbeddings, type KnowledgeIndex } from '../../src/retrieval/index.js';
import { tempDir } from '../retrieval/fixtures.js';

const knowledgeDir = path.resolve(import.meta.dirname, '../../knowledge');
const catalog = loadCatalog(knowledgeDir);

describe('catalog entries for current open-weight models', () => {
  it('finds them by the names people type', () => {
    expect(catalog.get('gpt oss')?.id).toBe('gpt-oss-120b');
    expect(catalog.get('GPT-OSS-20B')?.id).toBe('gpt-oss-20b');
    expect(catalog.get('DeepSeek V3')?.id).toBe('deepseek-v3');
    expect(catalog.get('deepseek r1')?.id).toBe('deepseek-r1');
    expect(catalog.get('Llama 4')?.id).toBe('llama-4-scout');
    expect(catalog.get('llama 4 maverick')?.id).toBe('llama-4-maverick');
    expect(catalog.get('Llama 3.3')?.id).toBe('llama-3.3-70b');
    expect(catalog.get('llama 3')?.id).toBe('llama-3-70b');
    expect(catalog.get('qwen3')?.id).toBe('qwen3-235b-a22b');
    expect(catalog.get('Qwen 2.5')?.id).toBe('qwen2.5-7b');
    expect(catalog.get('phi 4')?.id).toBe('phi-4');
    expect(catalog.get('gemma 3')?.id).toBe('gemma-3');
    expect(catalog.get('mistral small')?.id).toBe('mistral-small-3.1');
  });

  it('records the license facts from the new briefs', () => {
    const v3 = catalog.get('deepseek-v3')!;
    expect(v3.license.name).toBe('DeepSeek License Agreement v1.0');
    expect(v3.commercialUse.summary).toMatch(/military/);
    expect(v3.useOfOutputs.source.section).toMatch(/^§6 /);
    const r1 = catalog.get('deepseek-r1')!;
    expect(r1.license.name).toBe('MIT License');
    expect(r1.useOfOutputs.value).toMatch(/distillation/);
    expect(catalog.get('gpt-oss-120b')!.license.name).toMatch(/^Apache License 2\.0/);
    const scout = catalog.get('llama-4-scout')!;
    expect(scout.userCap.value).toMatch(/700M/);
    expect(scout.userCap.source).toMatchObject({ doc: 'licenses/llama-4.md', section: expect.stringMatching(/^§2 /) });
    expect(scout.hostingLimits.value).toMatch(/EU/);
    expect(catalog.get('llama-3.3-70b')!.hostingLimits.value).toBeNull();
    expect(catalog.get('llama-3-70b')!.useOfOutputs.value).toMatch(/not be used to improve any other LLM/);
    expect(catalog.get('phi-4')!.license.name).toMatch(/NOT VERIFIED/);
  });

  it('states an unknown context window as not verified instead of guessing', () => {
    for (const id of ['gpt-oss-120b', 'phi-4', 'gemma-3']) {
      const fact = catalog.get(id)!.contextWindow;
      expect(fact.value, id).toBeNull();
      expect(fact.summary, id).toMatch(/NOT VERIFIED/);
    }
  });

  it('cites the five corrected facts to the sections that state them', () => {
    const claude = catalog.get('claude-sonnet-4')!;
    expect(claude.hostingLimits.source.section).toMatch(/^§D\.2–§D\.4 /);
    expect(claude.trainingOnYourData.value).not.toMatch(/consumer|Claude\.ai/i);
    expect(catalog.get('gpt-4o')!.trainingOnYourData.value).not.toMatch(/consumer|ChatGPT/i);
    const gemini = catalog.get('gemini-1.5-pro')!;
    expect(gemini.useOfOutputs.value).not.toMatch(/ownership/i);
    expect(gemini.useOfOutputs.source.section).toMatch(/Use Restrictions/);
    expect(gemini.trainingOnYourData.value).not.toMatch(/free tier/i);
    expect(gemini.trainingOnYourData.source.section).toMatch(/Paid Services/);
  });

  it('dates every fact with the day its brief was checked, and prices with their own date', () => {
    for (const model of catalog.models) {
      for (const fact of [model.openWeights, model.commercialUse, model.userCap, model.hostingLimits, model.useOfOutputs, model.trainingOnYourData, model.contextWindow]) {
        expect(fact.source.asOf, `${model.id} ${fact.source.doc}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      if (model.price) expect(model.price.source.asOf).toBe(model.price.asOf);
    }
    expect(catalog.get('deepseek-v3')!.userCap.source.asOf).toBe('2026-12-01');
    expect(catalog.get('llama-2-70b')!.contextWindow.source.asOf).toBe('2025-06-01');
  });
});

describe('retrieval of the new briefs and facts', () => {
  let index: KnowledgeIndex;
  beforeAll(async () => {
    index = await buildIndex({ knowledgeDir, indexDir: tempDir(), embeddings: localEmbeddings() });
  });
  afterAll(() => index.close());

  it.each([
    ['What license are the gpt-oss models under?', 'licenses/gpt-oss.md', /Apache/],
    ['Can we use DeepSeek-V3 for military applications?', 'licenses/deepseek.md', /military/],
    ['Does Llama 4 keep the 700 million monthly active users clause?', 'licenses/llama-4.md', /^§2 /],
    // Facts added to the closed-model briefs.
    ['How quickly must Anthropic notify us of a data breach?', 'licenses/anthropic.md', /48-hour breach notice/],
    ['Does a consumer chatbot built on Claude have to disclose that it is an AI?', 'licenses/anthropic.md', /chatbots must disclose/],
    ["What is OpenAI's liability cap?", 'licenses/openai.md', /^§14 /],
    ['Can we process health data with the OpenAI API?', 'licenses/openai.md', /Healthcare Addendum/],
    ['Where are disputes with Anthropic arbitrated?', 'licenses/anthropic.md', /Arbitration/],
    ['Can an EU company self-host Llama 4?', 'licenses/llama-4.md', /EU exclusion/],
    ['Is Qwen3 Apache 2.0?', 'licenses/qwen.md', /Apache/],
  ])('%s → %s', async (question, expectedPath, section) => {
    const results = await createRetriever(index).search(question, 5);
    const shown = JSON.stringify(results.map((r) => `${r.path} ${r.section}`));
    const hit = results.findIndex((r) => r.path === expectedPath && section.test(r.section));
    expect(hit, shown).toBeGreaterThanOrEqual(0);
    expect(hit, shown).toBeLessThan(2);
  });
});
