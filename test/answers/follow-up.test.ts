import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { followUpQuery } from '../../src/answers/follow-up.js';
import type { ConversationTurn } from '../../src/core/types.js';
import { loadCatalog } from '../../src/knowledge/catalog.js';

const catalog = loadCatalog(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../knowledge'));
const user = (content: string): ConversationTurn => ({ role: 'user', content });
const assistant = (content: string): ConversationTurn => ({ role: 'assistant', content });

describe('followUpQuery', () => {
  it('carries the model of the last user question into a follow-up', () => {
    const history = [user('What license is Falcon 40B under?'), assistant('Apache 2.0 [1]. Llama 2 has a 700M cap [2].')];
    expect(followUpQuery('what about its user cap?', history, catalog)).toEqual({ text: 'what about its user cap? (Falcon 40B)', carried: ['Falcon 40B'] });
  });

  it('reads names from the catalog as written, never from the assistant answer', () => {
    expect(followUpQuery('can we host it?', [user("What's Falcon-180B's license?")], catalog).carried).toEqual(['Falcon-180B']);
    expect(followUpQuery('does it allow that?', [user('Compare Mixtral 8x7B with GPT-4o')], catalog).carried).toEqual(['Mixtral 8x7B', 'GPT-4o']);
    expect(followUpQuery('can we sell it?', [user('Tell me about the terms'), assistant('Unlike Llama 2 and GPT-4o, Gemma…')], catalog).carried).toEqual([]);
  });

  it('keeps the subject until the user names another', () => {
    const history = [user('Can we use Falcon 180B to offer a hosted API?'), assistant('No [1].'), user('is that in the license?'), assistant('§9 [1].')];
    expect(followUpQuery('and if we only use it internally?', history, catalog).carried).toEqual(['Falcon 180B']);
    const switched = [...history, user('Is Gemma free for commercial use?'), assistant('Yes [1].')];
    expect(followUpQuery('does it have a user cap?', switched, catalog).carried).toEqual(['Gemma']);
  });

  it('leaves a question that names its own model and asks something alone', () => {
    const history = [user('Is Llama 2 free for commercial use?'), assistant('Yes [1].')];
    expect(followUpQuery('Is Falcon 40B Apache 2.0?', history, catalog)).toEqual({ text: 'Is Falcon 40B Apache 2.0?', carried: [] });
  });

  it('a bare new name takes the earlier topic, not the earlier model', () => {
    const history = [user('Is Llama 2 free for commercial use?'), assistant('Yes [1].')];
    expect(followUpQuery('and Mistral 7B?', history, catalog)).toEqual({ text: 'and Mistral 7B? (Is free for commercial use)', carried: ['Is free for commercial use'] });
  });

  it('a bare "and?" takes both the subject and the topic', () => {
    expect(followUpQuery('and?', [user('Can we use Falcon 180B to offer a hosted API?')], catalog).text).toBe('and? (Falcon 180B, Can we use to offer a hosted API)');
  });

  it('without history, without a catalog, or with only assistant turns, changes nothing', () => {
    expect(followUpQuery('what about its user cap?', [], catalog).carried).toEqual([]);
    expect(followUpQuery('what about its user cap?', [user('Is Gemma open?')]).carried).toEqual([]);
    expect(followUpQuery('what about its user cap?', [assistant('Llama 2 has a 700M cap [1].')], catalog).carried).toEqual([]);
  });
});
