/**
 * Follow-up questions in a conversation: "what about its user cap?" after a question about Gemma
 * means Gemma's user cap. Retrieval and the local answerer see only one string, so a question that
 * leans on earlier turns gets the subject it leans on appended: the names (models, vendors,
 * licenses) of the most recent user turn that had some, and — when the follow-up names a subject
 * but asks nothing of its own ("and Mistral 7B?") — the topic words of the earlier question.
 * Only user turns are read: an assistant answer names many things and would drown the query.
 * Deterministic and offline (no model call), a few microseconds.
 */
import type { ConversationTurn } from '../core/types.js';
import { conceptsOf, foldText, stem as retrievalStem } from '../retrieval/text-features.js';
import { questionTerms } from './text.js';

export interface FollowUpQuery {
  /** What to retrieve with and score against: the question, plus what it leans on in brackets. */
  text: string;
  /** The words carried over from earlier turns (empty when the question stands on its own). */
  carried: string[];
}

/**
 * Model and vendor names of the knowledge base and catalog; the shared thesaurus's vendor groups
 * (text-features.ts) add their aliases ("ChatGPT", "Sonnet").
 */
const MODEL_NAMES = new Set(
  'llama meta falcon tii mistral mixtral codestral gemma codegemma paligemma google gemini bloom bigscience gpt openai chatgpt claude anthropic'.split(' '),
);

/**
 * License names: a subject of their own ("Is Falcon 40B Apache 2.0?" needs nothing carried), and
 * also what a question asks about, so "and Codestral?" after "…under Apache 2.0?" keeps "Apache 2.0".
 */
const LICENSE_NAMES = new Set(['apache', 'mit', 'openrail', 'rail', 'gpl', 'agpl', 'lgpl', 'bsd', 'cc']);

/** Words that make a question about open or closed models as a class, not about one model. */
const CATEGORY = /\b(?:open[- ]?source|open[- ]weights?|closed[- ]?source|closed|proprietary|in general|generally)\b|\bopen (?:models?|llms?|ones)\b/i;

/** Words that point back at something said before. */
const POINTS_BACK = /\b(?:it|its|it['’]s|they|them|their|theirs|this|that|these|those|same|former|latter)\b/i;

/** Openings of an elliptical follow-up: "what about…", "how about…", "and…", "what if…". */
const OPENER = /^\s*(?:(?:and|but|so|ok(?:ay)?|also)[,\s]+)?(?:what|how)\s+about\b|^\s*(?:and|also|same|what\s+if)\b/i;

/** Words that may stand beside a name in "and for Mistral 7B?" without asking anything new. */
const ELLIPSIS_FILLER = new Set(['and', 'but', 'so', 'ok', 'okay', 'also', 'what', 'how', 'about', 'the', 'a', 'an', 'for', 'with', 'of', 'on', 'in', 'then', 'too', 'instead', 'same', 'model', 'models', 'one', 'ones', 'version']);

/** A parameter count: "7B", "180B", "8x7B". */
const SIZE = /^\d+(?:x\d+)?[bm]$/i;

/** A question with at most this many content words and no subject of its own leans on the conversation. */
const SHORT_QUESTION_TERMS = 3;

interface Token {
  raw: string;
  start: number;
  end: number;
}

function tokens(text: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*/gu)].map((m) => ({ raw: m[0], start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
}

/** A model, vendor or license name: "Llama", "GPT", "Claude", "Apache", "Gemma". */
function isName(word: string): boolean {
  const folded = foldText(word).replace(/['’]s$/, '');
  if (MODEL_NAMES.has(folded) || LICENSE_NAMES.has(folded)) return true;
  return conceptsOf(retrievalStem(folded)).some((concept) => concept.startsWith('vendor'));
}

/** "2", "3.1", "180B", "8x7B", "4o", "Pro": what follows a family name to make a model name. */
function isVersionPart(word: string): boolean {
  return /\d/.test(word) || /^(?:pro|sonnet|opus|haiku|flash|ultra|instruct|chat)$/i.test(word);
}

interface Analysis {
  /** Names as written, with their version parts ("Llama 2", "Falcon 180B"). */
  subjects: string[];
  /** Content words that are not part of a model name, as written ("user", "cap", "Apache 2.0"). */
  topic: string[];
  /** Words that are neither names nor stopwords-only fillers of an elliptical follow-up. */
  substantive: string[];
  category: boolean;
}

function analyse(text: string): Analysis {
  const list = tokens(text);
  const subjects: string[] = [];
  const inName = new Set<number>();
  for (let i = 0; i < list.length; i += 1) {
    const token = list[i]!;
    if (inName.has(i) || !isName(token.raw)) continue;
    let end = i;
    // Version parts joined by spaces or hyphens only: "Llama-2 70B", not "Llama, 2 …".
    while (end + 1 < list.length && isVersionPart(list[end + 1]!.raw) && /^[\s-]*$/.test(text.slice(list[end]!.end, list[end + 1]!.start))) end += 1;
    for (let j = i; j <= end; j += 1) inName.add(j);
    const name = text.slice(token.start, list[end]!.end).replace(/['’]s$/, '');
    if (!subjects.some((s) => s.toLowerCase() === name.toLowerCase())) subjects.push(name);
  }
  const rest = list.filter((_token, i) => !inName.has(i)).map((token) => token.raw);
  const licenses = subjects.filter((name) => LICENSE_NAMES.has(foldText(name.split(/[\s-]/)[0] ?? '')));
  return {
    subjects,
    topic: [...rest.filter((word) => !/^\d/.test(word) && questionTerms(word).length > 0), ...licenses],
    substantive: rest.filter((word) => !ELLIPSIS_FILLER.has(foldText(word))),
    category: CATEGORY.test(text),
  };
}

/** Whether a question leans on earlier turns rather than standing on its own. */
export function leansOnContext(question: string): boolean {
  return leans(question, analyse(question));
}

function leans(question: string, own: Analysis): boolean {
  // With a subject of its own, only a bare "and Mistral 7B?" / "what about GPT-4o?" leans back.
  if (own.subjects.length > 0 || own.category) return OPENER.test(question) && own.substantive.length === 0;
  return POINTS_BACK.test(question) || OPENER.test(question) || own.topic.length <= SHORT_QUESTION_TERMS;
}

/**
 * The text to retrieve with for `question` given the earlier turns (oldest first). A question that
 * stands on its own is returned unchanged, whatever was discussed before.
 */
export function followUpQuery(question: string, history: readonly ConversationTurn[] = []): FollowUpQuery {
  const unchanged: FollowUpQuery = { text: question, carried: [] };
  const earlier = history.filter((turn) => turn.role === 'user').map((turn) => analyse(turn.content)).reverse();
  if (earlier.length === 0) return unchanged;
  const own = analyse(question);
  if (!leans(question, own)) return unchanged;

  const carried: string[] = [];
  if (own.subjects.length === 0 && !own.category) {
    // The subject is the most recent one named; a question about open/closed models as a class ends the search.
    const source = earlier.find((turn) => turn.subjects.length > 0 || turn.category);
    const size = tokens(question).find((token) => SIZE.test(token.raw))?.raw;
    // "and the 70B one?" after "Llama 2 7B": the family carries over, the size is the question's own.
    if (source) carried.push(...source.subjects.map((subject) => (size ? subject.replace(/[\s-]+\d+(?:x\d+)?[bm]\b/i, '').trim() : subject)));
  }
  // Nothing asked of its own ("and Mistral 7B?", "why?"): the earlier question's topic comes along.
  if (own.topic.length === 0) {
    const topic = earlier.find((turn) => turn.topic.length > 0)?.topic ?? [];
    carried.push(...topic.filter((word) => !carried.some((c) => c.toLowerCase() === word.toLowerCase())));
  }
  if (carried.length === 0) return unchanged;
  return { text: `${question} (${carried.join(' ')})`, carried };
}
