/**
 * Follow-up questions in a conversation: "what about its user cap?" after a question about
 * Falcon 40B is about Falcon 40B. The subject is the models the most recent user turn named
 * (names from the catalog only); it holds until the user names another. A question that asks
 * nothing beyond a name ("and Mistral 7B?", "why?") also takes the earlier question's topic.
 * Only user turns are read: an assistant answer names many things and would drown the query.
 */
import type { ConversationTurn } from '../core/types.js';
import type { Catalog } from '../knowledge/catalog-types.js';
import { terms } from '../retrieval/text.js';
import { mentionedModels, type Mention } from './catalog-answer.js';

export interface FollowUpQuery {
  /** What to retrieve with and score against: the question, plus what it leans on in brackets. */
  text: string;
  /** The words carried over from earlier turns (empty when the question stands on its own). */
  carried: string[];
}

/** A question with at most this many terms beside its model names asks nothing of its own ("and Mistral 7B?"). */
const ELLIPTICAL_TERMS = 0;

/** The question's words that are not model names. */
function topicOf(text: string, mentions: readonly Mention[]): string {
  return mentions.reduce((rest, mention) => rest.replace(mention.text, ' '), text).replace(/\s+/g, ' ').trim();
}

export function followUpQuery(question: string, history: readonly ConversationTurn[] = [], catalog?: Catalog): FollowUpQuery {
  const unchanged: FollowUpQuery = { text: question, carried: [] };
  if (!catalog) return unchanged;
  const own = mentionedModels(question, catalog);
  const asksSomething = terms(topicOf(question, own)).length > ELLIPTICAL_TERMS;
  if (own.length > 0 && asksSomething) return unchanged;
  const earlier = history.filter((turn) => turn.role === 'user').reverse();
  const carried: string[] = [];
  if (own.length === 0) {
    const subject = earlier.map((turn) => mentionedModels(turn.content, catalog)).find((mentions) => mentions.length > 0) ?? [];
    carried.push(...new Set(subject.map((m) => m.text)));
  }
  if (!asksSomething) {
    const previous = earlier[0];
    const topic = previous ? topicOf(previous.content, mentionedModels(previous.content, catalog)).replace(/[?!.]+$/, '') : '';
    if (terms(topic).length > 0) carried.push(topic);
  }
  return carried.length > 0 ? { text: `${question} (${carried.join(', ')})`, carried } : unchanged;
}
