import { describe, expect, it } from 'vitest';
import { followUpQuery, leansOnContext } from '../../src/answers/follow-up.js';
import type { ConversationTurn } from '../../src/core/types.js';

const user = (content: string): ConversationTurn => ({ role: 'user', content });
const assistant = (content: string): ConversationTurn => ({ role: 'assistant', content });

describe('leansOnContext', () => {
  it.each([
    'what about its user cap?',
    'can we use its outputs to train another model?',
    'and what if we only use it internally?',
    'Does that apply to them too?',
    'how about the 70B one?',
    'why?',
    'any catches?',
    'and Mistral 7B?',
    'What about GPT-4o?',
    'how about for Gemma then?',
  ])('"%s" leans on the conversation', (question) => {
    expect(leansOnContext(question)).toBe(true);
  });

  it.each([
    'Is Falcon 40B Apache 2.0?',
    'And is Falcon 40B Apache 2.0?',
    'Does OpenAI train on our API data?',
    'Can we ship Llama 2 in a product with 800M users and sell it?',
    'What are the challenges facing open-source LLMs?',
    'Which licenses require a notice file when redistributing weights?',
  ])('"%s" stands on its own', (question) => {
    expect(leansOnContext(question)).toBe(false);
  });
});

describe('followUpQuery', () => {
  it('carries the model of the last user question into a follow-up that points back at it', () => {
    const history = [user('Is Llama 2 free for commercial use?'), assistant('Yes, Meta grants a royalty-free license [1]. Gemma and Falcon are also free [2].')];
    expect(followUpQuery('what about its user cap?', history)).toEqual({ text: 'what about its user cap? (Llama 2)', carried: ['Llama 2'] });
  });

  it('reads names as written, with their versions, and never from the assistant answer', () => {
    expect(followUpQuery('can we use its outputs to train another model?', [user('Tell me about the Gemma terms'), assistant('Unlike Llama 2 and GPT-4o, Gemma…')]).carried).toEqual(['Gemma']);
    expect(followUpQuery('can we host it?', [user("What's Falcon-180B's license?")]).carried).toEqual(['Falcon-180B']);
    expect(followUpQuery('does it allow that?', [user('Compare Mixtral 8x7B with GPT-4o')]).carried).toEqual(['Mixtral 8x7B', 'GPT-4o']);
  });

  it('walks back to the most recent user turn that named a subject', () => {
    const history = [user('Can we use Falcon 180B to offer a hosted API?'), assistant('No [1].'), user('why not?'), assistant('§9 [1].')];
    expect(followUpQuery('and if we only use it internally?', history).carried).toEqual(['Falcon 180B']);
    const switched = [...history, user('Is Gemma free for commercial use?'), assistant('Yes [1].')];
    expect(followUpQuery('does it have a user cap?', switched).carried).toEqual(['Gemma']);
  });

  it('leaves a self-contained question alone, whatever was discussed before', () => {
    const history = [user('Is Llama 2 free for commercial use?'), assistant('Yes [1].')];
    for (const question of ['Is Falcon 40B Apache 2.0?', 'Does OpenAI train on our API data?', 'What are the challenges facing open-source LLMs?']) {
      expect(followUpQuery(question, history)).toEqual({ text: question, carried: [] });
    }
  });

  it('without history, or with only assistant turns, changes nothing', () => {
    expect(followUpQuery('what about its user cap?')).toEqual({ text: 'what about its user cap?', carried: [] });
    expect(followUpQuery('what about its user cap?', [assistant('Llama 2 has a 700M cap [1].')]).carried).toEqual([]);
  });

  it('an elliptical follow-up naming a new model takes the earlier topic, not the earlier model', () => {
    const history = [user('Is Llama 2 free for commercial use?'), assistant('Yes [1].')];
    expect(followUpQuery('and Mistral 7B?', history)).toEqual({ text: 'and Mistral 7B? (free commercial use)', carried: ['free', 'commercial', 'use'] });
    expect(followUpQuery('What about GPT-4o?', history).carried).not.toContain('Llama 2');
  });

  it('a bare "why?" takes both the subject and the topic', () => {
    expect(followUpQuery('why?', [user('Can we use Falcon 180B to offer a hosted API?')]).text).toBe('why? (Falcon 180B use offer hosted API)');
  });

  it('a new size for the same family replaces the old size', () => {
    expect(followUpQuery('and the 70B one?', [user('Is Llama 2 7B free for commercial use?')]).carried).toEqual(['Llama 2', 'free', 'commercial', 'use']);
  });

  it('a question about open or closed models as a class ends the search for a subject', () => {
    const history = [user('Is Llama 2 free?'), assistant('Yes [1].'), user('Are open-source models cheaper than closed ones?'), assistant('Often [1].')];
    expect(followUpQuery('what about their security?', history).carried).toEqual([]);
  });

  it('is fast enough to run on every question', () => {
    const history = Array.from({ length: 10 }, (_v, i) => (i % 2 === 0 ? user('Is Llama 2 free for commercial use in a product with 800M users?') : assistant('x '.repeat(500))));
    const started = performance.now();
    for (let i = 0; i < 1000; i += 1) followUpQuery('what about its user cap?', history);
    expect((performance.now() - started) / 1000).toBeLessThan(1); // ms per call
  });
});
