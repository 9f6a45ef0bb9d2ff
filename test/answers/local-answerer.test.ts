import { describe, expect, it } from 'vitest';
import { answerLocally, type AnswerChunk } from '../../src/answers/local-answerer.js';

const llama2Cap: AnswerChunk = {
  id: 'licenses/llama-2.md#3',
  title: 'Llama 2 Community License',
  section: '§2 Additional commercial terms: the 700M MAU cap',
  path: 'licenses/llama-2.md',
  url: 'https://ai.meta.com/llama/license/',
  score: 0.82,
  text: [
    'Meta wrote this clause with its largest competitors in mind.',
    'If the products of the licensee had more than 700 million monthly active users in the calendar month before 18 July 2023, the licensee must request a separate license from Meta.',
    'Meta may grant that license in its sole discretion.',
  ].join(' '),
};

const llama2Outputs: AnswerChunk = {
  id: 'licenses/llama-2.md#2',
  title: 'Llama 2 Community License',
  section: '§1.b.v Use of outputs',
  path: 'licenses/llama-2.md',
  url: 'https://ai.meta.com/llama/license/',
  score: 0.61,
  text: 'You may not use Llama 2 or any output of it to improve any other large language model. Improving Llama 2 itself or its derivatives is allowed.',
};

const falcon: AnswerChunk = {
  id: 'licenses/falcon-7b-40b.md#1',
  title: 'Falcon 7B and 40B (Apache 2.0)',
  section: '§1 License change',
  path: 'licenses/falcon-7b-40b.md',
  url: 'https://falconllm.tii.ae/',
  score: 0.4,
  text: 'Since May 2023 Falcon 7B and Falcon 40B are released under the Apache License 2.0. The earlier TII license asked for royalties on commercial revenue above a threshold.',
};

const article: AnswerChunk = {
  id: 'article-open-vs-closed-llms.md#4',
  title: 'Will Open-Source LLMs Overtake Closed LLMs?',
  section: 'What Are Closed LLMs?',
  path: 'article-open-vs-closed-llms.md',
  url: null,
  score: 0.3,
  text: 'Closed LLMs are proprietary models developed and maintained by private companies. Access to the models is often provided through paid APIs or platforms.',
};

describe('answerLocally', () => {
  it('picks the sentence that carries the fact and cites it', () => {
    const result = answerLocally('Can we ship Llama 2 in a product with 800M monthly users?', [llama2Cap, falcon, article]);
    expect(result.covered).toBe(true);
    expect(result.answer).toContain('700 million monthly active users');
    expect(result.answer).toMatch(/700 million[^[]*\[1\]/);
    expect(result.sources[0]).toMatchObject({
      n: 1,
      title: 'Llama 2 Community License',
      section: '§2 Additional commercial terms: the 700M MAU cap',
      path: 'licenses/llama-2.md',
      url: 'https://ai.meta.com/llama/license/',
    });
    expect(result.sources[0]?.snippet).toContain('700 million');
  });

  it('ends every sentence with a citation and lists only cited sources, numbered in order of first citation', () => {
    const result = answerLocally('Can Llama 2 outputs be used to train or improve another language model?', [falcon, llama2Cap, llama2Outputs]);
    expect(result.covered).toBe(true);
    const cited = [...result.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    const firstAppearance = [...new Set(cited)];
    expect(firstAppearance).toEqual(firstAppearance.map((_, i) => i + 1));
    expect(result.sources.map((s) => s.n)).toEqual(firstAppearance);
    expect(result.sources[0]?.section).toBe('§1.b.v Use of outputs');
    expect(result.answer).toContain('any output of it to improve any other large language model');
    // every sentence carries its marker
    for (const sentence of result.answer.split(/(?<=[.!?])\s+(?=[A-Z])/)) expect(sentence).toMatch(/\[\d+\][.!?]?$/);
  });

  it('answers a paraphrase that avoids the source wording', () => {
    const result = answerLocally('Which license did Falcon 40B switch to?', [article, falcon]);
    expect(result.covered).toBe(true);
    expect(result.answer).toContain('Apache License 2.0');
    expect(result.sources[0]?.path).toBe('licenses/falcon-7b-40b.md');
  });

  it('treats a lead-in ending in a colon as context, not as the answer', () => {
    const list: AnswerChunk = {
      ...article,
      section: 'Challenges Facing Open-Source LLMs',
      text: 'Despite their potential, open-source LLMs face several challenges:\n\n- Resource Intensity: training and running large models needs significant computing resources.\n- Quality Control: contributions vary in quality.',
    };
    const result = answerLocally('What challenges do open-source LLMs face?', [list]);
    expect(result.answer).not.toMatch(/several challenges/);
    expect(result.answer).toMatch(/Resource Intensity/);
  });

  it('says a sentence repeated by overlapping chunks once, and stays within one Discord message', () => {
    const overlap: AnswerChunk = { ...llama2Cap, id: 'licenses/llama-2.md#4', score: 0.7 };
    const result = answerLocally('Does Llama 2 have a cap on monthly active users?', [llama2Cap, overlap, llama2Outputs, falcon, article]);
    expect(result.answer.match(/700 million/g)).toHaveLength(1);
    expect(result.answer.length).toBeLessThan(1000);
  });

  it('is not covered when nothing was retrieved', () => {
    expect(answerLocally('Can we use Llama 2 commercially?', []).covered).toBe(false);
  });

});

describe('answerLocally composition', () => {
  it('prefers the sentence about the side of the open/closed divide the question asks about', () => {
    const mixed: AnswerChunk = {
      ...article,
      text: 'Open-source models give teams full control over their deployment. Closed models give teams a managed service with vendor support.',
    };
    const result = answerLocally('What do closed models give teams?', [mixed]);
    expect(result.answer.startsWith('Closed models give teams a managed service')).toBe(true);
  });
});

describe('answerLocally picks the sentence that answers, not one that shares a word', () => {
  it('does not treat "non-commercial" as a match for "commercial"', () => {
    const codestral: AnswerChunk = {
      id: 'licenses/mistral.md#3',
      title: 'Mistral 7B and Mixtral (Apache 2.0)',
      section: 'Which Mistral models are not Apache 2.0',
      path: 'licenses/mistral.md',
      url: null,
      score: 0.9,
      text: 'Codestral is under the non-commercial Mistral AI Non-Production License. Mistral 7B weights are under Apache 2.0 and allow commercial use.',
    };
    const result = answerLocally('Does Mistral 7B allow commercial use?', [codestral]);
    expect(result.answer).toMatch(/^Mistral 7B weights are under Apache 2\.0 and allow commercial use/);
  });
});
