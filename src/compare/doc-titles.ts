/** Short titles of knowledge documents (their front matter `title:`), for citations built from catalog facts. */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export type TitleOf = (doc: string) => string;

export function documentTitles(knowledgeDir: string | null): TitleOf {
  const cache = new Map<string, string>();
  return (doc: string) => {
    const cached = cache.get(doc);
    if (cached !== undefined) return cached;
    let title = fallbackTitle(doc);
    if (knowledgeDir) {
      try {
        const text = fs.readFileSync(path.join(knowledgeDir, doc), 'utf8');
        const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
        const front = match ? (parseYaml(match[1]!) as { title?: unknown } | null) : null;
        if (front && typeof front.title === 'string' && front.title.trim() !== '') title = front.title.trim();
      } catch {
        // A missing document keeps the fallback title; the citation still carries its URL.
      }
    }
    cache.set(doc, title);
    return title;
  };
}

function fallbackTitle(doc: string): string {
  return path.basename(doc).replace(/\.md$/, '');
}
