import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../src/core/logger.js';
import { loadKnowledge } from '../../src/retrieval/loaders.js';
import { ARTICLE, FALCON_BRIEF, LLAMA_BRIEF, makeKnowledgeDir } from './fixtures.js';

function fakeLogger() {
  const warn = vi.fn();
  return { logger: { warn, info: vi.fn(), debug: vi.fn(), error: vi.fn() } as unknown as Logger, warn };
}

describe('loadKnowledge', () => {
  it('reads front matter and attributes each section to its ## heading', () => {
    const dir = makeKnowledgeDir({ 'licenses/llama-2.md': LLAMA_BRIEF });
    const { documents, problems } = loadKnowledge(dir);
    expect(problems).toEqual([]);
    expect(documents).toHaveLength(1);
    const doc = documents[0]!;
    expect(doc).toMatchObject({ path: 'licenses/llama-2.md', title: 'Llama 2 Community License', url: 'https://ai.meta.com/llama/license/', version: '2023-07-18', kind: 'license' });
    expect(doc.sections.map((s) => s.heading)).toEqual([
      'Llama 2 Community License (brief)',
      '§1.b.v No using Llama 2 outputs to improve other LLMs',
      '§2 Additional commercial terms: the 700M MAU cap',
    ]);
    expect(doc.sections[2]!.text).toContain('700 million monthly active users');
  });

  it('uses the title for text before any heading, and reads .txt files and nested folders', () => {
    const dir = makeKnowledgeDir({
      'article.md': ARTICLE,
      'notes/deep/plain.txt': 'Hosting notes\n\nSelf-hosting keeps prompts on your own servers.',
      'models.yaml': 'models: []\n',
    });
    const { documents } = loadKnowledge(dir);
    expect(documents.map((d) => d.path)).toEqual(['article.md', 'notes/deep/plain.txt']);
    const article = documents[0]!;
    expect(article.version).toBeNull();
    expect(article.sections[0]).toMatchObject({ heading: 'Open vs closed LLMs' });
    expect(article.sections[1]).toMatchObject({ heading: 'Security and Privacy' });
    const plain = documents[1]!;
    expect(plain).toMatchObject({ title: 'Hosting notes', url: null, kind: 'other' });
    expect(plain.sections[0]!.text).toContain('Self-hosting keeps prompts');
  });

  it('keeps ### headings inside their ## section and ignores # inside code fences', () => {
    const dir = makeKnowledgeDir({
      'a.md': '# Doc\n\n## §4 Redistribution\n\nIntro.\n\n### §4(a) License copy\n\nGive a copy.\n\n```\n## not a heading\n```\n',
    });
    const [doc] = loadKnowledge(dir).documents;
    expect(doc!.sections.map((s) => s.heading)).toEqual(['§4 Redistribution']);
    expect(doc!.sections[0]!.text).toContain('### §4(a) License copy');
    expect(doc!.sections[0]!.text).toContain('## not a heading');
  });

  it('reports a malformed document with its path, skips it, and still loads the rest', () => {
    const { logger, warn } = fakeLogger();
    const dir = makeKnowledgeDir({
      'licenses/llama-2.md': LLAMA_BRIEF,
      'licenses/falcon-7b-40b.md': FALCON_BRIEF,
      'licenses/broken-yaml.md': '---\ntitle: [unclosed\nurl: x\n---\n\n# Broken\n\nText.\n',
      'licenses/never-closed.md': '---\ntitle: Oops\n\n# No end of front matter\n',
      'licenses/wrong-type.md': '---\ntitle: { nested: map }\n---\n\nText.\n',
      'blob.txt': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]),
      'latin1.txt': new Uint8Array([0x63, 0x61, 0x66, 0xe9]),
    });
    const { documents, problems } = loadKnowledge(dir, logger);
    expect(documents.map((d) => d.path).sort()).toEqual(['licenses/falcon-7b-40b.md', 'licenses/llama-2.md']);
    expect(problems.map((p) => p.path).sort()).toEqual(['blob.txt', 'latin1.txt', 'licenses/broken-yaml.md', 'licenses/never-closed.md', 'licenses/wrong-type.md']);
    expect(problems.find((p) => p.path === 'licenses/broken-yaml.md')!.reason).toMatch(/YAML/);
    expect(problems.find((p) => p.path === 'licenses/never-closed.md')!.reason).toMatch(/never closed/);
    expect(problems.find((p) => p.path === 'blob.txt')!.reason).toMatch(/binary/);
    expect(warn).toHaveBeenCalledTimes(5);
    expect(warn.mock.calls.map((call) => (call[0] as { path: string }).path)).toContain('licenses/broken-yaml.md');
  });
});
