/**
 * Small, dependency-free text helpers for the extractive answerer: sentence splitting that
 * understands Markdown blocks, and a normalising tokenizer (case, accents, light stemming).
 */

import { conceptsOf, foldText, stem as retrievalStem } from '../retrieval/text-features.js';

const STOPWORDS = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below between
  both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each either else ever
  few for from further get gets got had hadn't has hasn't have haven't having he her here hers herself him himself his
  how however i if in into is isn't it it's its itself just let like ll may me might more most must mustn't my myself
  need no nor not now of off on once only or other ought our ours ourselves out over per please re really s same shall
  shan't she should shouldn't so some such t than that that's the their theirs them themselves then there there's these
  they this those through to too under until up upon us ve very via was wasn't we were weren't what what's when where
  whether which while who whom whose why will with within without won't would wouldn't yes yet you your yours yourself
  yourselves tell know want wants say says said thing things something anything one ones`.split(/\s+/),
);

const SUFFIXES = ['ions', 'ion', 'ingly', 'ments', 'ment', 'ness', 'ing', 'ally', 'edly', 'ed', 'ly', 'ity', 'ive', 'al', 'er', 'e'];
const IRREGULAR: Record<string, string> = {
  used: 'use', using: 'use', uses: 'use', usage: 'use', paid: 'pay', paying: 'pay', pays: 'pay',
  own: 'own', owns: 'own', owned: 'own', owner: 'own', owners: 'own', ownership: 'own',
  pick: 'choos', picks: 'choos', picked: 'choos', select: 'choos', selects: 'choos', selected: 'choos', choice: 'choos', choices: 'choos',
  chose: 'choos', chosen: 'choos', choose: 'choos', choosing: 'choos', prefer: 'choos', preferred: 'choos',
  distill: 'distil', distilling: 'distil', distilled: 'distil', distillation: 'distil',
  free: 'free', freely: 'free',
};

/** Light suffix stripping: enough to match "licenses"/"licensed"/"licensing" without a full stemmer. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith("'s") || w.endsWith('’s')) w = w.slice(0, -2);
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('es') && /(ch|sh|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is') && w.length > 3) w = w.slice(0, -1);
  const irregular = IRREGULAR[w];
  if (irregular) return irregular;
  for (let pass = 0; pass < 2; pass += 1) {
    const suffix = SUFFIXES.find((s) => w.endsWith(s) && w.length - s.length >= 4);
    if (!suffix) break;
    w = w.slice(0, -suffix.length);
  }
  return w;
}

/** Words that say little in a question but are not stopwords inside documents. */
const QUESTION_FILLER = new Set(
  ['explain', 'describe', 'mean', 'meaning', 'okay', 'ok', 'actually', 'exactly', 'kind', 'sort', 'way', 'give', 'get', 'make', 'take', 'put', 'go', 'happen', 'lets', 'long', 'whats', 'going', 'gonna', 'wanna', 'guys'].map((word) => stem(word)),
);

/** Raw word tokens (letters runs and number runs, so "llama2" → "llama", "2"; "3.1" stays one number). */
export function words(text: string): string[] {
  return foldText(text).match(/\p{L}+(?:['’]\p{L}+)?|\p{N}+(?:[.,]\p{N}+)*/gu) ?? [];
}

/** Equivalent spellings mapped onto one term so a paraphrase can meet the source's wording. */
const CANONICAL: Record<string, string> = {
  m: 'million',
  mln: 'million',
  b: 'billion',
  bn: 'billion',
  k: 'thousand',
  mau: 'monthly',
  maus: 'monthly',
  '000': 'thousand',
  llm: 'model',
  llms: 'model',
  models: 'model',
  licence: 'license',
  licences: 'license',
  licenced: 'license',
  usd: 'dollar',
  $: 'dollar',
};

/** Clause references ("§2", "§1.b.v", "§4(a)") name a place, not a fact: "§2" must not match "Llama 2". */
const CLAUSE_REFERENCE = /§+\s?[\p{L}\p{N}]+(?:[.()\u2013-]+[\p{L}\p{N}]+)*\)?/gu;

/**
 * Clause references ("§2") removed, and a negating prefix kept on its word: "non-commercial" is
 * the opposite of "commercial", not a match for it.
 */
function contentText(text: string): string {
  return text.replace(CLAUSE_REFERENCE, ' ').replace(/\b(non|un|anti)-(?=\p{L})/giu, '$1');
}

/** Normalised, stemmed content terms (stopwords removed). */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const word of words(contentText(text))) {
    if (STOPWORDS.has(word)) continue;
    const canonical = CANONICAL[word] ?? word;
    out.push(stem(canonical));
  }
  return out;
}

/**
 * Terms with the concept groups of their word (shared with retrieval), so "monetize" can meet
 * "commercial" and "customers" can meet "users" when the exact word is missing.
 */
export function termsWithConcepts(text: string): Array<{ term: string; concepts: readonly string[] }> {
  const out: Array<{ term: string; concepts: readonly string[] }> = [];
  for (const word of words(contentText(text))) {
    if (STOPWORDS.has(word)) continue;
    out.push({ term: stem(CANONICAL[word] ?? word), concepts: conceptsOf(retrievalStem(word)) });
  }
  return out;
}

/** Content terms of a question: like terms(), minus words that only frame the question. */
export function questionTerms(question: string): string[] {
  return terms(question).filter((term) => !QUESTION_FILLER.has(term));
}

/** Capitalised but naming nothing in particular: they must not outweigh the real names in a question. */
const GENERIC_ACRONYMS = new Set(['api', 'apis', 'ai', 'llm', 'llms', 'model', 'saas', 'mau', 'aup', 'eu', 'eea', 'uk', 'us', 'usa', 'sdk', 'gpu', 'faq', 'ceo', 'it', 'ip', 'oss'].map((word) => stem(word)));

/** Ordinary first words of a question, capitalised only because they come first. */
const OPENERS = new Set(
  `compare comparing tell explain list show summarize summarise describe help hey hi hello quick also any anything thoughts
  thinking we our my us i you what which who whom whose when where why how is are was were can could may might must shall
  should will would do does did have has had if in on for with about between regarding re so ok okay and but or please
  assuming suppose say let lets give need want looking considering using use pros cons advantages disadvantages benefits
  downsides drawbacks risks upsides strengths weaknesses main biggest key top`.split(/\s+/),
);

/**
 * The names in a question, each as the terms of one written token: "GPT-4o" → ["gpt", "4", "o"],
 * "Llama 2" → ["llama"], ["2"]. A name is met only when all its terms are.
 */
export function salientNames(question: string): string[][] {
  const names: string[][] = [];
  const raw = question.match(/[\p{L}\p{N}][\p{L}\p{N}.'’-]*/gu) ?? [];
  raw.forEach((token, index) => {
    const isNumber = /\p{N}/u.test(token);
    // A capital at the start says nothing, unless the word is not an ordinary opener ("Llama 2 or…").
    const isName = /^\p{Lu}/u.test(token) && (index > 0 || !OPENERS.has(foldText(token)));
    const isAcronym = /^\p{Lu}{2,}/u.test(token);
    if (!(isNumber || isName || isAcronym)) return;
    const name = terms(token).filter((term) => !GENERIC_ACRONYMS.has(term));
    if (name.length > 0) names.push(name);
  });
  return names;
}

const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|etc|vs|inc|ltd|co|corp|no|nos|sec|art|para|cf|approx|mr|mrs|ms|dr|st|u\.s|fig)\.|§\s?[\w.]+\.|\b\p{Lu}\.)$/iu;

/** Splits one line of prose into sentences, keeping abbreviations and clause numbers ("§1.b.v.") intact. */
function splitProse(line: string): string[] {
  const parts: string[] = [];
  let start = 0;
  const boundary = /[.!?…]+["'”’)\]]*\s+(?=["“‘(\[]?[\p{Lu}\p{N}§])/gu;
  for (const match of line.matchAll(boundary)) {
    const end = (match.index ?? 0) + match[0].trimEnd().length;
    const candidate = line.slice(start, end);
    if (ABBREVIATIONS.test(candidate)) continue;
    parts.push(candidate.trim());
    start = (match.index ?? 0) + match[0].length;
  }
  const rest = line.slice(start).trim();
  if (rest) parts.push(rest);
  return parts.filter(Boolean);
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
 * Sentences of a Markdown/plain chunk. List items and table rows are units of their own;
 * wrapped paragraph lines are joined first. Headings are dropped (the chunk's section names them).
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let paragraph: string[] = [];
  // Header cells of the table being read; each row becomes "Row — Column: value; Column: value".
  let tableHeader: string[] | null = null;
  const flush = () => {
    const text = paragraph.join(' ');
    // A list of references is provenance, not content.
    if (text && !/^(?:sources?|references?)\s*:/i.test(text)) sentences.push(...splitProse(text));
    paragraph = [];
  };
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (/^\|?\s*:?-{3,}/.test(line)) continue; // table separator row
    if (!line.startsWith('|')) tableHeader = null;
    if (line === '' || /^#{1,6}\s/.test(line) || /^-{3,}$/.test(line)) {
      flush();
      continue;
    }
    if (line.startsWith('|')) {
      flush();
      const cells = line.replace(/^\||\|$/g, '').split('|').map((cell) => cleanMarkdown(cell));
      if (tableHeader === null) {
        tableHeader = cells;
        continue;
      }
      const header = tableHeader;
      const values = cells.slice(1).map((cell) => cell.replace(/[.;]+$/, '')).map((value, i) => (header[i + 1] ? `${header[i + 1]}: ${value}` : value)).filter((v) => v.trim() !== '');
      sentences.push(`${cells[0] ?? ''} — ${values.join('; ')}`);
      continue;
    }
    if (/^\s*(?:[-*+]|\d+[.)])\s+/.test(rawLine)) {
      flush();
      paragraph.push(cleanMarkdown(line));
      continue;
    }
    paragraph.push(cleanMarkdown(line));
  }
  flush();
  return sentences.map((sentence) => sentence.trim()).filter((sentence) => sentence.length > 0);
}
