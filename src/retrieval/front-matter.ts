import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { DocumentKind } from './types.js';

export interface FrontMatter {
  title: string | undefined;
  url: string | null;
  version: string | null;
  kind: DocumentKind;
}

export class FrontMatterError extends Error {
  override name = 'FrontMatterError';
}

const scalar = z.union([z.string(), z.number(), z.date()]).nullish().transform((value) => {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const text = String(value).trim();
  return text === '' ? null : text;
});

const frontMatterSchema = z.object({
  title: scalar,
  url: scalar,
  version: scalar,
  kind: z.enum(['license', 'terms', 'article']).nullish(),
});

/**
 * Splits `---\nyaml\n---\nbody`. A file that does not start with `---` has no front matter.
 * Throws FrontMatterError when the block is opened but never closed, is not valid YAML,
 * or its fields have the wrong type: such a document is reported and skipped.
 */
export function splitFrontMatter(source: string): { frontMatter: FrontMatter | null; body: string } {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!/^---[ \t]*\n/.test(text)) return { frontMatter: null, body: text };
  const close = /\n---[ \t]*(\n|$)/.exec(text.slice(3));
  if (!close) throw new FrontMatterError('front matter starts with "---" but is never closed');
  const yamlText = text.slice(text.indexOf('\n') + 1, 3 + close.index + 1);
  const body = text.slice(3 + close.index + close[0].length);
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new FrontMatterError(`front matter is not valid YAML: ${detail}`);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new FrontMatterError('front matter must be a YAML mapping (key: value lines)');
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FrontMatterError(`front matter field "${issue?.path.join('.') ?? '?'}": ${issue?.message ?? 'invalid'}`);
  }
  const { title, url, version, kind } = parsed.data;
  return { frontMatter: { title: title ?? undefined, url, version, kind: kind ?? 'other' }, body };
}
