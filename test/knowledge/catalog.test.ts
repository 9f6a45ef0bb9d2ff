import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { CatalogError, loadCatalog } from '../../src/knowledge/catalog.js';

const KNOWLEDGE_DIR = path.resolve(import.meta.dirname, '../../knowledge');

const EXPECTED_IDS = [
  'llama-2-7b', 'llama-2-13b', 'llama-2-70b', 'llama-3.1-8b', 'llama-3.1-70b', 'llama-3.1-405b',
  'falcon-7b', 'falcon-40b', 'falcon-180b', 'mistral-7b', 'mixtral-8x7b', 'gemma-7b', 'bloom',
  'gpt-4', 'gpt-4o', 'claude-sonnet-4', 'gemini-1.5-pro',
  'llama-3-8b', 'llama-3-70b', 'llama-3.2-1b', 'llama-3.2-3b', 'llama-3.2-11b-vision', 'llama-3.2-90b-vision', 'llama-3.3-70b',
  'llama-4-scout', 'llama-4-maverick', 'gemma-3', 'deepseek-v3', 'deepseek-r1', 'qwen3-235b-a22b', 'qwen2.5-7b',
  'gpt-oss-120b', 'gpt-oss-20b', 'phi-4', 'mistral-small-3.1', 'mistral-nemo', 'mixtral-8x22b',
];

const EXPECTED_BRIEFS = [
  'llama-2', 'llama-3', 'falcon-7b-40b', 'falcon-180b', 'mistral', 'gemma', 'bloom-rail',
  'apache-2.0', 'mit', 'openai', 'anthropic', 'google-gemini-api',
  'llama-4', 'deepseek', 'qwen', 'gpt-oss', 'phi',
];

describe('the real catalog (knowledge/models.yaml)', () => {
  const catalog = loadCatalog(KNOWLEDGE_DIR);

  it('loads every model the team compares', () => {
    expect(catalog.models.map((m) => m.id)).toEqual(expect.arrayContaining(EXPECTED_IDS));
  });

  it('finds models by id or alias whatever the case, spaces, dashes or dots', () => {
    expect(catalog.get('Llama 2 70B')?.id).toBe('llama-2-70b');
    expect(catalog.get('llama2-70b')?.id).toBe('llama-2-70b');
    expect(catalog.get('GPT4o')?.id).toBe('gpt-4o');
    expect(catalog.get('gpt 4o')?.id).toBe('gpt-4o');
    expect(catalog.get('claude')?.id).toBe('claude-sonnet-4');
    expect(catalog.get('Llama 3.1 405B')?.id).toBe('llama-3.1-405b');
    expect(catalog.get('mixtral')?.id).toBe('mixtral-8x7b');
    expect(catalog.get('gpt-9000')).toBeUndefined();
  });

  it('suggests the intended model for a typo, and nothing for unrelated text', () => {
    expect(catalog.closest('gtp-4o')[0]?.id).toBe('gpt-4o');
    expect(catalog.closest('lama 2 70b')[0]?.id).toBe('llama-2-70b');
    expect(catalog.closest('mistrl')[0]?.id).toBe('mistral-7b');
    expect(catalog.closest('falcon', 2)).toHaveLength(2);
    expect(catalog.closest('qqqqqqqqqq')).toEqual([]);
  });

  it('has a dated list price for closed APIs and none for open weights', () => {
    for (const model of catalog.models) {
      if (model.access === 'closed') {
        expect(model.price, model.id).not.toBeNull();
        expect(model.price?.asOf, model.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(model.openWeights.value, model.id).toBe(false);
      } else {
        expect(model.price, model.id).toBeNull();
        expect(model.openWeights.value, model.id).toBe(true);
      }
    }
    expect(catalog.get('gpt-4o')?.price).toMatchObject({ inputPer1M: 2.5, outputPer1M: 10 });
  });

  it('records the facts teams argue about, with citable sections', () => {
    const llama2 = catalog.get('llama-2-70b');
    expect(llama2?.userCap.value).toMatch(/700M/);
    expect(llama2?.userCap.source.section).toMatch(/^§2 /);
    expect(catalog.get('falcon-180b')?.hostingLimits.source.section).toMatch(/^§9 /);
    expect(catalog.get('mistral-7b')?.userCap.value).toBeNull();
    expect(catalog.get('claude-sonnet-4')?.trainingOnYourData.source.section).toMatch(/^§B /);
  });
});

describe('catalog validation errors', () => {
  const tempDirs: string[] = [];
  afterEach(() => {
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const source = { doc: 'licenses/test.md', section: '§1 Grant', url: 'https://example.com/license' };
  const fact = (value: unknown) => ({ value, summary: 'a summary', source });
  function validEntry(): Record<string, unknown> {
    return {
      id: 'test-model',
      name: 'Test Model',
      aliases: ['tm'],
      vendor: 'Tester',
      access: 'open',
      license: { name: 'Test License', brief: 'licenses/test.md', url: 'https://example.com/license' },
      openWeights: fact(true),
      commercialUse: fact(true),
      userCap: fact(null),
      hostingLimits: fact(null),
      useOfOutputs: fact('No restriction'),
      trainingOnYourData: fact('Self-hosted'),
      contextWindow: fact(4096),
      price: null,
    };
  }

  function writeKnowledge(modelsYaml: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-catalog-'));
    tempDirs.push(dir);
    mkdirSync(path.join(dir, 'licenses'));
    writeFileSync(path.join(dir, 'licenses', 'test.md'), '---\ntitle: Test\nasOf: "2026-11-27"\n---\n\n# Test\n\n## §1 Grant\n\nText.\n');
    writeFileSync(path.join(dir, 'licenses', 'undated.md'), '---\ntitle: Undated\n---\n\n# Undated\n\n## §1 Grant\n\nText.\n');
    writeFileSync(path.join(dir, 'models.yaml'), modelsYaml);
    return dir;
  }

  function loadError(modelsYaml: string): CatalogError {
    try {
      loadCatalog(writeKnowledge(modelsYaml));
    } catch (error) {
      expect(error).toBeInstanceOf(CatalogError);
      return error as CatalogError;
    }
    throw new Error('expected loadCatalog to throw');
  }

  it('accepts a valid minimal catalog', () => {
    const catalog = loadCatalog(writeKnowledge(stringifyYaml({ models: [validEntry()] })));
    expect(catalog.get('TM')?.id).toBe('test-model');
  });

  it('names file, entry and field when a field is missing', () => {
    const entry = validEntry();
    delete entry.commercialUse;
    const error = loadError(stringifyYaml({ models: [entry] }));
    expect(error.message).toContain('models.yaml');
    expect(error.message).toContain('entry "test-model"');
    expect(error.message).toContain('field "commercialUse"');
  });

  it('names the field and the expected type when a value has the wrong type', () => {
    const entry = { ...validEntry(), contextWindow: fact('very large') };
    const error = loadError(stringifyYaml({ models: [entry] }));
    expect(error.message).toContain('entry "test-model"');
    expect(error.message).toContain('field "contextWindow.value"');
    expect(error.message).toMatch(/expected number/);
  });

  it('uses the index when an entry has no id', () => {
    const entry = validEntry();
    delete entry.id;
    const error = loadError(stringifyYaml({ models: [{ ...validEntry(), id: 'first-model', aliases: [] }, entry] }));
    expect(error.message).toContain('entry models[1]');
    expect(error.message).toContain('field "id"');
  });

  it('rejects a source document that does not exist', () => {
    const entry = { ...validEntry(), useOfOutputs: { ...fact('x'), source: { ...source, doc: 'licenses/missing.md' } } };
    const error = loadError(stringifyYaml({ models: [entry] }));
    expect(error.message).toContain('entry "test-model"');
    expect(error.message).toContain('field "useOfOutputs.source.doc"');
    expect(error.message).toContain('licenses/missing.md');
  });

  it('rejects a section that is not a ## heading of the cited document', () => {
    const entry = { ...validEntry(), userCap: { ...fact(null), source: { ...source, section: '§7 Nowhere' } } };
    const error = loadError(stringifyYaml({ models: [entry] }));
    expect(error.message).toContain('field "userCap.source.section"');
    expect(error.message).toContain('§7 Nowhere');
  });

  it('rejects a fact with no source, naming the field', () => {
    const entry = validEntry();
    entry.hostingLimits = { value: null, summary: 'No hosting restriction' };
    const error = loadError(stringifyYaml({ models: [entry] }));
    expect(error.message).toContain('entry "test-model"');
    expect(error.message).toContain('field "hostingLimits.source"');
    expect(error.message).toContain('every fact needs a source');
  });

  it('rejects a price with no source', () => {
    const entry = { ...validEntry(), access: 'closed', price: { inputPer1M: 1, outputPer1M: 2, currency: 'USD', asOf: '2026-01-01' } };
    const error = loadError(stringifyYaml({ models: [entry] }));
    expect(error.message).toContain('field "price.source"');
  });

  it('rejects a cited document that does not say when its facts were checked', () => {
    const entry = { ...validEntry(), userCap: { ...fact(null), source: { ...source, doc: 'licenses/undated.md' } } };
    const error = loadError(stringifyYaml({ models: [entry] }));
    expect(error.message).toContain('field "userCap.source.doc"');
    expect(error.message).toContain('no front matter asOf date');
  });

  it("dates every fact with its document's asOf and the price with its own", () => {
    const entry = { ...validEntry(), price: { inputPer1M: 1, outputPer1M: 2, currency: 'USD', asOf: '2025-06-01', source } };
    const model = loadCatalog(writeKnowledge(stringifyYaml({ models: [entry] }))).get('tm')!;
    expect(model.userCap.source.asOf).toBe('2026-11-27');
    expect(model.contextWindow.source.asOf).toBe('2026-11-27');
    expect(model.price?.source.asOf).toBe('2025-06-01');
  });

  it('rejects two models claiming the same alias', () => {
    const error = loadError(stringifyYaml({ models: [validEntry(), { ...validEntry(), id: 'other-model', name: 'Other' }] }));
    expect(error.message).toContain('"tm"');
    expect(error.message).toContain('already used by "test-model"');
  });

  it('reports YAML syntax errors with their line', () => {
    const error = loadError('models:\n  - id: [unclosed\n');
    expect(error.message).toContain('models.yaml');
    expect(error.message).toMatch(/line \d+/);
  });
});

describe('knowledge documents', () => {
  function frontMatter(file: string): { meta: Record<string, unknown>; body: string } {
    const text = readFileSync(file, 'utf8');
    const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
    if (!match?.[1] || match[2] === undefined) throw new Error(`${file} has no front matter`);
    return { meta: parseYaml(match[1]) as Record<string, unknown>, body: match[2] };
  }

  it('has the license briefs', () => {
    const files = readdirSync(path.join(KNOWLEDGE_DIR, 'licenses')).filter((f) => f.endsWith('.md'));
    expect(files.map((f) => f.replace(/\.md$/, '')).sort()).toEqual([...EXPECTED_BRIEFS].sort());
  });

  it.each(EXPECTED_BRIEFS)('brief %s has front matter, numbered sections and a disclaimer', (name) => {
    const { meta, body } = frontMatter(path.join(KNOWLEDGE_DIR, 'licenses', `${name}.md`));
    expect(typeof meta.title === 'string' && meta.title.length > 0).toBe(true);
    expect(String(meta.url)).toMatch(/^https?:\/\//);
    expect(String(meta.version ?? '')).not.toBe('');
    expect(['license', 'terms']).toContain(meta.kind);
    expect(body).toMatch(/^# /m);
    expect(body).toMatch(/^## §/m);
    expect(body.trimEnd().endsWith('Not legal advice.')).toBe(true);
  });

  it('keeps the article with its title, source line and sections', () => {
    const { meta, body } = frontMatter(path.join(KNOWLEDGE_DIR, 'article-open-vs-closed-llms.md'));
    expect(meta.title).toBe('Will Open-Source LLMs Like Falcon and LLaMA2 Overtake Closed LLMs?');
    expect(meta.kind).toBe('article');
    expect(String(meta.source)).toContain('Spheron Network');
    expect(body).toContain('## Security and Privacy');
    expect(body).toContain('## FAQs');
    expect(body).not.toContain('10 min read');
  });
});
