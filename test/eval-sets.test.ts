import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

// Checks the data of the frozen evaluation sets (issue 8): shape, that every expected source and section exists in
// knowledge/, and that every key fact can be found in an expected source. It asserts nothing about scores.

const ROOT = path.resolve(import.meta.dirname, '..');
const KNOWLEDGE_DIR = path.join(ROOT, 'knowledge');
const EVAL_DIR = path.join(ROOT, 'test/eval');
const NEW_SETS = ['dev-offtopic', 'dev-spelling-variants', 'dev-typos', 'test-chat', 'test-offtopic'] as const;

const source = z.strictObject({ path: z.string().min(1), section: z.string().min(1).optional() });
const answerable = z.strictObject({
  question: z.string().min(5),
  expected: z.array(source).min(1),
  facts: z.array(z.string().min(1)).min(1).max(2),
});
const offTopic = z.strictObject({ question: z.string().min(5), offTopic: z.literal(true) });
const evalSet = z.array(z.union([answerable, offTopic])).min(1);
type EvalItem = z.infer<typeof answerable> | z.infer<typeof offTopic>;

function loadSet(name: string): EvalItem[] {
  return evalSet.parse(parseYaml(readFileSync(path.join(EVAL_DIR, `${name}.yaml`), 'utf8')));
}

/** A knowledge document cut at its `## ` headings; the text before the first one is the introduction. */
function sectionsOf(relativePath: string): { heading: string; text: string }[] {
  const body = readFileSync(path.join(KNOWLEDGE_DIR, relativePath), 'utf8');
  return body.split(/^(?=## )/m).map((part) => {
    const heading = part.startsWith('## ') ? part.slice(3, part.indexOf('\n')).trim() : '';
    return { heading, text: part };
  });
}

function sourceText(expected: z.infer<typeof source>): string {
  const sections = sectionsOf(expected.path);
  const fragment = expected.section?.toLowerCase();
  const matching = fragment ? sections.filter((s) => s.heading.toLowerCase().includes(fragment)) : sections;
  return matching.map((s) => s.text).join('\n');
}

const isAnswerable = (item: EvalItem): item is z.infer<typeof answerable> => 'expected' in item;

const knowledgeFiles = new Set(
  readdirSync(KNOWLEDGE_DIR, { recursive: true, encoding: 'utf8' }).map((f) => f.split(path.sep).join('/')),
);

describe.each(NEW_SETS)('evaluation set %s', (name) => {
  const items = loadSet(name);

  it('has no duplicate questions', () => {
    const questions = items.map((i) => i.question.trim().toLowerCase());
    expect(new Set(questions).size).toBe(questions.length);
  });

  it('points every expected source at an existing document and `##` heading', () => {
    const problems: string[] = [];
    for (const item of items.filter(isAnswerable)) {
      for (const { path: doc, section } of item.expected) {
        if (!knowledgeFiles.has(doc)) problems.push(`${item.question}: no knowledge/${doc}`);
        else if (section && !sectionsOf(doc).some((s) => s.heading.toLowerCase().includes(section.toLowerCase()))) {
          problems.push(`${item.question}: no heading with "${section}" in ${doc}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('takes every key fact from the text of an expected source, and no question gives its fact away', () => {
    const problems: string[] = [];
    for (const item of items.filter(isAnswerable)) {
      const text = item.expected.map(sourceText).join('\n').toLowerCase();
      for (const fact of item.facts.map((f) => f.toLowerCase())) {
        if (!text.includes(fact)) problems.push(`${item.question}: fact "${fact}" not in its expected sources`);
        if (item.question.toLowerCase().includes(fact)) problems.push(`${item.question}: gives away "${fact}"`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('off-topic sets', () => {
  it('are large enough and share no question between development and test', () => {
    const dev = loadSet('dev-offtopic');
    const test = loadSet('test-offtopic');
    expect(dev.every((i) => !isAnswerable(i))).toBe(true);
    expect(test.every((i) => !isAnswerable(i))).toBe(true);
    expect(dev.length).toBeGreaterThanOrEqual(30);
    expect(test.length).toBeGreaterThanOrEqual(30);
    const devQuestions = new Set(dev.map((i) => i.question.trim().toLowerCase()));
    expect(test.filter((i) => devQuestions.has(i.question.trim().toLowerCase()))).toEqual([]);
  });
});
