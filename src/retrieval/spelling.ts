/**
 * Typos in a chat question, corrected against the knowledge base's own vocabulary ("comercially",
 * "context windw", "antrhopic", "mistal 7b"): a word the corpus never writes and that is no English
 * word (the `word-list` dictionary) becomes the corpus word one edit away (two for long words) that
 * the corpus writes most, keeping the first letter, which people rarely mistype. A word right before
 * a version number is a name ("lama 2", "mistal 7b") and is corrected even when the dictionary has
 * it. Words the corpus does not know but English does ("paying", "tight") are left alone: they are
 * paraphrase, not typos — except the other spelling of the same word: British and American
 * English ("licence" / "license", "customise" / "customize", "behaviour" / "behavior") become the
 * one the corpus writes. Retrieval and the answer service both apply it; on corrected text it
 * changes nothing, so the second pass costs only a few lookups.
 */
import fs from 'node:fs';
import wordListPath from 'word-list';
import { editDistance } from '../core/edit-distance.js';
import { foldText, looksLikeVersion } from './text.js';
import type { TextModel } from './text-model.js';

/** Shorter words have too many neighbours one edit away to guess which was meant. */
const MIN_LENGTH = 4;
/** From this length on, two edits away still points at one word. */
const TWO_EDITS_FROM = 8;

/**
 * The dictionary file as it is (one word a line, sorted), with where each line starts: ~4 MB,
 * searched by halves. The few lines out of order are kept aside.
 */
interface Dictionary {
  text: string;
  starts: Uint32Array;
  ends: Uint32Array;
  unordered: Set<string>;
}
let dictionary: Dictionary | undefined;

function loadDictionary(): Dictionary {
  const text = fs.readFileSync(wordListPath, 'latin1');
  let lines = 0;
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) === 10) lines += 1;
  const starts = new Uint32Array(lines + 1);
  const ends = new Uint32Array(lines + 1);
  const unordered = new Set<string>();
  let count = 0;
  let previous = '';
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const word = text.slice(start, end);
    if (word !== '') {
      if (word > previous) {
        starts[count] = start;
        ends[count] = end;
        count += 1;
        previous = word;
      } else {
        unordered.add(word);
      }
    }
    start = end + 1;
  }
  return { text, starts: starts.subarray(0, count), ends: ends.subarray(0, count), unordered };
}

/** Loaded on the first word that needs it (~50 ms). */
export function isEnglishWord(word: string): boolean {
  dictionary ??= loadDictionary();
  const { text, starts, ends, unordered } = dictionary;
  let low = 0;
  let high = starts.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const entry = text.slice(starts[middle], ends[middle]);
    if (entry === word) return true;
    if (entry < word) low = middle + 1;
    else high = middle - 1;
  }
  return unordered.has(word);
}

export interface SpellingResult {
  text: string;
  /** [as written, corrected], in order. */
  corrections: Array<[string, string]>;
}

export function correctSpelling(question: string, model: TextModel): SpellingResult {
  const corrections: Array<[string, string]> = [];
  const text = question.replace(/\p{L}+(?=[\s-]?(\d[\p{L}\d.]*)?)/gu, (word, number: string | undefined) => {
    const folded = foldText(word);
    if (folded.length < MIN_LENGTH || model.writes(folded)) return word;
    const variant = spellingVariants(folded).find((candidate) => model.writes(candidate));
    if (variant) {
      corrections.push([word, variant]);
      return variant;
    }
    const name = number !== undefined && looksLikeVersion(number.replace(/\.$/, ''));
    if (!name && isEnglishWord(folded)) return word;
    const corrected = nearestCorpusWord(folded, model);
    if (!corrected) return word;
    corrections.push([word, corrected]);
    return corrected;
  });
  return { text, corrections };
}

/**
 * The regular differences between British and American spelling, both ways (word endings only:
 * "-ence/-ense", "-ise/-ize" and "-yse/-yze" with their derived forms, "-our/-or", "-tre/-ter",
 * "-ogue/-og", "-elled/-eled"). A variant counts only when the corpus writes it.
 */
const VARIANT_ENDINGS: Array<[RegExp, string]> = [
  [/ence$/, 'ense'],
  [/ense$/, 'ence'],
  [/is(e|es|ed|ing|er|ers|ation|ations|able)$/, 'iz$1'],
  [/iz(e|es|ed|ing|er|ers|ation|ations|able)$/, 'is$1'],
  [/ys(e|es|ed|ing)$/, 'yz$1'],
  [/yz(e|es|ed|ing)$/, 'ys$1'],
  [/(\p{L}{3,})our(s|ed|ing|able|ite|ites)?$/u, '$1or$2'],
  [/(\p{L}{2,}[^aeiou])or(s|ed|ing|able|ite|ites)?$/u, '$1our$2'],
  [/tre(s)?$/, 'ter$1'],
  [/ter(s)?$/, 'tre$1'],
  [/ogue(s)?$/, 'og$1'],
  [/og(s)?$/, 'ogue$1'],
  [/ell(ed|ing|er|ers)$/, 'el$1'],
  [/el(ed|ing|er|ers)$/, 'ell$1'],
];

function spellingVariants(word: string): string[] {
  const out: string[] = [];
  for (const [ending, replacement] of VARIANT_ENDINGS) {
    if (ending.test(word)) {
      const variant = word.replace(ending, replacement);
      if (variant !== word) out.push(variant);
    }
  }
  return out;
}

function nearestCorpusWord(word: string, model: TextModel): string | undefined {
  const maxEdits = word.length >= TWO_EDITS_FROM ? 2 : 1;
  let best: string | undefined;
  let bestKey = Number.POSITIVE_INFINITY;
  for (const [token, count] of model.vocabulary()) {
    if (token[0] !== word[0] || Math.abs(token.length - word.length) > maxEdits || /\d/.test(token)) continue;
    const edits = editDistance(word, token);
    if (edits > maxEdits) continue;
    // Fewer edits first, then the word the corpus writes most.
    const key = edits - count / (count + 1);
    if (key < bestKey) {
      bestKey = key;
      best = token;
    }
  }
  return best;
}
