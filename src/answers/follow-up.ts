/**
 * Follow-up questions in a conversation: "what about its user cap?" after a question about
 * Falcon 40B is about Falcon 40B. The subject is the models the most recent user turn named
 * (names from the catalog only); it holds until the user names another. Only user turns are
 * read: an assistant answer names many things and would drown the query.
 */
import type { ConversationTurn } from '../core/types.js';
import type { Catalog } from '../knowledge/catalog-types.js';
import { mentionedModels } from './catalog-answer.js';

export interface FollowUpQuery {
  /** What to retrieve with and score against: the question, plus the subject it leans on in brackets. */
  text: string;
  /** The model names carried over from earlier turns (empty when the question names its own). */
  carried: string[];
}

export function followUpQuery(question: string, history: readonly ConversationTurn[] = [], catalog?: Catalog): FollowUpQuery {
  const unchanged: FollowUpQuery = { text: question, carried: [] };
  if (!catalog || mentionedModels(question, catalog).length > 0) return unchanged;
  for (const turn of [...history].reverse()) {
    if (turn.role !== 'user') continue;
    const names = [...new Set(mentionedModels(turn.content, catalog).map((m) => m.text))];
    if (names.length > 0) return { text: `${question} (${names.join(', ')})`, carried: names };
  }
  return unchanged;
}
