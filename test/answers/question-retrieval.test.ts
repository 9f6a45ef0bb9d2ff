import { describe, expect, it } from 'vitest';
import type { AnswerChunk } from '../../src/answers/local-answerer.js';
import { extraQueries, retrieveForQuestion, sideQueries } from '../../src/answers/question-retrieval.js';

function chunk(id: string): AnswerChunk {
  return { id, text: `Text of ${id}.`, title: 'T', section: id, path: `${id}.md`, url: null, score: 0.5 };
}

/** A searcher that answers each query with the chunks listed for it and records what it was asked. */
function searcher(results: Record<string, string[]>) {
  const calls: Array<{ query: string; k: number | undefined }> = [];
  return {
    calls,
    async search(query: string, k?: number) {
      calls.push({ query, k });
      return (results[query] ?? []).map(chunk);
    },
  };
}

describe('retrieval shaped by the question', () => {
  it('asks about each side of a comparison with the other side left out', () => {
    expect(sideQueries('Which is cheaper, GPT-4o or Claude Sonnet 4?')).toEqual(['Which is cheaper, GPT-4o or?', 'Which is cheaper, or Claude Sonnet 4?']);
    expect(sideQueries('Llama 2 or Mistral for a commercial product?')).toEqual(['Llama 2 or for a commercial product?', 'or Mistral for a commercial product?']);
    expect(sideQueries('Compare Gemma and Llama 2 on user caps')).toEqual(['Compare Gemma and on user caps', 'Compare and Llama 2 on user caps']);
  });

  it('keeps a family name both sides share', () => {
    expect(sideQueries('Is Falcon 7B or Falcon 180B better for hosting an API?')).toEqual([
      'Is Falcon 7B or Falcon better for hosting an API?',
      'Is Falcon or Falcon 180B better for hosting an API?',
    ]);
  });

  it('leaves ordinary questions alone', () => {
    expect(sideQueries('Can we use Llama 2 and sell it?')).toBeNull();
    expect(extraQueries('Can we use Llama 2 and sell it?')).toEqual([]);
    expect(extraQueries('What are open-source LLMs?')).toEqual([]);
  });

  it('looks up the dimensions open and closed models are compared on for a question about a class', () => {
    const [extra, weaknesses, ...rest] = extraQueries('What are the risks of open-source LLMs?');
    expect(rest).toEqual([]);
    expect(extra?.query).toMatch(/^open-source models: .*cost.*transparency.*community/);
    // Weaknesses are worded apart from the dimensions, so "risks" also looks them up.
    expect(weaknesses?.query).toMatch(/^open-source models: .*challenges/);
    expect(extraQueries('What are the advantages of open-source LLMs?')).toHaveLength(1);
  });

  it('leaves an aspect question ("Open vs closed for privacy?") to the main query', () => {
    expect(extraQueries('Open vs closed for privacy?')).toEqual([]);
  });

  it('merges the main results with each side, without duplicates, main results first', async () => {
    const s = searcher({
      'Llama 2 or Mistral for a commercial product?': ['mistral-2', 'llama-1bv'],
      'Llama 2 or for a commercial product?': ['llama-1a', 'llama-1bv'],
      'or Mistral for a commercial product?': ['mistral-2', 'mistral-4'],
    });
    const q = 'Llama 2 or Mistral for a commercial product?';
    const chunks = await retrieveForQuestion(s, q, q, 6);
    expect(chunks.map((c) => c.id)).toEqual(['mistral-2', 'llama-1bv', 'llama-1a', 'mistral-4']);
    expect(s.calls).toContainEqual({ query: q, k: 6 });
    expect(s.calls).toHaveLength(3);
  });

  it('makes one search for an ordinary question, with the follow-up query', async () => {
    const s = searcher({});
    await retrieveForQuestion(s, 'what about its user cap?', 'what about its user cap? (Gemma)', 6, ['Gemma']);
    expect(s.calls).toEqual([{ query: 'what about its user cap? (Gemma)', k: 6 }]);
  });

  it('carries a follow-up subject into each side query', async () => {
    const s = searcher({});
    await retrieveForQuestion(s, 'GPT-4o or Claude?', 'GPT-4o or Claude? (price)', 6, ['price']);
    expect(s.calls.map((c) => c.query)).toEqual(['GPT-4o or Claude? (price)', 'GPT-4o or? (price)', 'or Claude? (price)']);
  });
});
