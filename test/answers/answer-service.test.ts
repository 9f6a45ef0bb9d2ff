import { describe, expect, it } from 'vitest';
import { createAnswerService } from '../../src/answers/answer-service.js';
import type { AnswerChunk } from '../../src/answers/local-answerer.js';
import { UserError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import type { RequestContext } from '../../src/core/types.js';

const ctx: RequestContext = { guildId: '1', channelId: '2', userId: '3', isAdmin: false };

const chunk: AnswerChunk = {
  id: 'licenses/mistral.md#0',
  title: 'Mistral 7B and Mixtral',
  section: '§1 Apache 2.0 weights',
  path: 'licenses/mistral.md',
  url: 'https://mistral.ai/news/announcing-mistral-7b/',
  score: 0.9,
  text: 'Mistral AI released Mistral 7B and Mixtral 8x7B with open weights under the Apache License 2.0. Codestral is not under Apache 2.0.',
};

function service() {
  const queries: Array<{ query: string; k: number | undefined }> = [];
  const answers = createAnswerService({
    logger: createLogger('silent'),
    retriever: {
      async search(query, k) {
        queries.push({ query, k });
        return [chunk];
      },
    },
  });
  return { answers, queries };
}

describe('answer service (backend local)', () => {
  it('retrieves for the trimmed question and returns a cited local answer with timing', async () => {
    const { answers, queries } = service();
    const result = await answers.ask(ctx, { question: '  Is Mistral 7B released under Apache 2.0?  ' });
    expect(queries).toEqual([{ query: 'Is Mistral 7B released under Apache 2.0?', k: 6 }]);
    expect(result).toMatchObject({ question: 'Is Mistral 7B released under Apache 2.0?', backend: 'local', covered: true, usage: null, costUsd: null });
    expect(result.answer).toMatch(/Apache License 2\.0 \[1\]/);
    expect(result.sources).toHaveLength(1);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses empty and oversized questions before retrieving anything', async () => {
    const { answers, queries } = service();
    await expect(answers.ask(ctx, { question: '   ' })).rejects.toBeInstanceOf(UserError);
    await expect(answers.ask(ctx, { question: 'q'.repeat(4001) })).rejects.toThrow(/4,001/);
    expect(queries).toEqual([]);
  });

  it('names the available backends when an unknown one is asked for', async () => {
    const { answers } = service();
    await expect(answers.ask(ctx, { question: 'Is Mistral open?', backend: 'nope' })).rejects.toThrow(/no backend called "nope".*local/);
  });
});
