/**
 * The one text module of retrieval and answers: folding, tokens, stop words (the `stopword`
 * package's English list), Porter stems (the `stemmer` package), and sentences (`Intl.Segmenter`,
 * with Markdown list items and table rows as units of their own). No domain word lists.
 */
import { stemmer } from 'stemmer';
import { eng } from 'stopword';

const STOPWORDS = new Set(eng);

/** Lowercase, accents removed, compatibility forms folded (full-width digits). */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

const MAGNITUDES: Record<string, string> = { k: 'thousand', m: 'million', b: 'billion' };

/** Every word and number, folded, in order: "700M" → "700", "million"; "Llama-2" → "llama", "2". */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const token of foldText(text).match(/[\p{L}\p{N}]+/gu) ?? []) {
    const magnitude = /^(\d+)([kmb])$/.exec(token);
    if (magnitude) out.push(magnitude[1]!, MAGNITUDES[magnitude[2]!]!);
    else out.push(token);
  }
  return out;
}

/** Words without stop words, unstemmed (for FTS5, which stems with its own Porter tokenizer). */
export function contentWords(text: string): string[] {
  return words(text).filter((word) => !STOPWORDS.has(word));
}

/**
 * A number as model names carry it ("2", "3.1", "7b", "180B", "8x7b", "4o"), not a count or a year
 * ("700 million", "2023"): at most two digits before any letters or a decimal point, or digits with letters.
 */
export function looksLikeVersion(token: string): boolean {
  return /^\d{1,2}(?:[.,]\d+)*[a-z]*$/i.test(token) || /^\d+[a-z][a-z\d]*$/i.test(token);
}

export function stem(word: string): string {
  return /\d/.test(word) ? word : stemmer(word);
}

/** Stemmed content words: the unit both halves of retrieval and the answerer count. */
export function terms(text: string): string[] {
  return contentWords(text).map(stem);
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Sentences of plain prose. ICU breaks after "e.g." or "§1.b." before a lowercase word: those are rejoined. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const sentence = segment.trim();
    if (sentence === '') continue;
    const previous = out[out.length - 1];
    if (previous !== undefined && (/^[a-z(§]/.test(sentence) || /\b(e\.g|i\.e|etc|vs|cf|no|Inc|Ltd)\.$/i.test(previous))) {
      out[out.length - 1] = `${previous} ${sentence}`;
    } else {
      out.push(sentence);
    }
  }
  return out;
}

function cleanMarkdown(line: string): string {
  return line
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
    .replace(/^\s*>\s?/, '')
    .replace(/\*\*|__|`/g, '')
    .replace(/\[([^\]]+)\]\((?:[^)]+)\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Readable units of a Markdown chunk: prose sentences, list items, and table rows written as
 * "Row — Column: value; Column: value". Headings are dropped (the chunk's section names them).
 */
export function markdownSentences(text: string): string[] {
  const out: string[] = [];
  let paragraph: string[] = [];
  let header: string[] | null = null;
  const flush = () => {
    const text = paragraph.join(' ');
    // A list of references is provenance, not content.
    if (text && !/^(?:sources?|references?)\s*:/i.test(text)) out.push(...sentences(text));
    paragraph = [];
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (/^\|?\s*:?-{3,}/.test(line)) continue;
    if (!line.startsWith('|')) header = null;
    if (line === '' || /^#{1,6}\s/.test(line) || /^-{3,}$/.test(line)) {
      flush();
      continue;
    }
    if (line.startsWith('|')) {
      flush();
      const cells = line.replace(/^\||\|$/g, '').split('|').map(cleanMarkdown);
      if (header === null) {
        header = cells;
        continue;
      }
      const head = header;
      const values = cells.slice(1).map((value, i) => (head[i + 1] ? `${head[i + 1]}: ${value}` : value)).filter((v) => v.trim() !== '');
      out.push(`${cells[0] ?? ''} — ${values.join('; ')}`);
      continue;
    }
    if (/^(?:[-*+]|\d+[.)])\s+/.test(line)) flush();
    paragraph.push(cleanMarkdown(line));
  }
  flush();
  return out.filter((sentence) => sentence.length > 0);
}
