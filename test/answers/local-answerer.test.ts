import { describe, expect, it } from 'vitest';
import { answerLocally, NOT_COVERED_ANSWER, type AnswerChunk } from '../../src/answers/local-answerer.js';

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

  it('says plainly that the knowledge base does not cover an off-topic question, without sources', () => {
    for (const question of ["What's the weather in Paris?", 'Give me a recipe for pancakes', 'Who won the 2018 football world cup?']) {
      const result = answerLocally(question, [llama2Cap, llama2Outputs, falcon, article]);
      expect(result, question).toEqual({ answer: NOT_COVERED_ANSWER, sources: [], covered: false });
    }
  });

  it('is not covered when nothing was retrieved', () => {
    expect(answerLocally('Can we use Llama 2 commercially?', []).covered).toBe(false);
  });

  it('works whatever the case or script of the question', () => {
    const upper = answerLocally('CAN WE SHIP LLAMA 2 WITH 800 MILLION MONTHLY USERS?', [llama2Cap, article]);
    expect(upper.covered).toBe(true);
    expect(upper.answer).toContain('700 million');
    expect(answerLocally('大規模言語モデル 🦙', [llama2Cap, article]).covered).toBe(false);
  });
});

describe('answerLocally composition', () => {
  const gemma: AnswerChunk = {
    id: 'licenses/gemma.md#4',
    title: 'Gemma Terms of Use',
    section: '§3.3 Generated output',
    path: 'licenses/gemma.md',
    url: 'https://ai.google.dev/gemma/terms',
    score: 0.9,
    text: 'Google claims no rights in outputs you generate using Gemma. So the team owns what Gemma writes for it, subject to the use restrictions.',
  };

  it('brings along the sentence that a chosen "So…" sentence depends on, in document order, citing both', () => {
    const result = answerLocally('Who owns the text that Gemma writes for our team?', [gemma, article]);
    expect(result.covered).toBe(true);
    expect(result.answer).toBe(
      'Google claims no rights in outputs you generate using Gemma [1]. So the team owns what Gemma writes for it, subject to the use restrictions [1].',
    );
    expect(result.sources).toHaveLength(1);
  });

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
  const openaiOutputs: AnswerChunk = {
    id: 'licenses/openai.md#2',
    title: 'OpenAI Services Agreement and Terms',
    section: '§3.3(e) Using GPT outputs to train your own model',
    path: 'licenses/openai.md',
    url: 'https://openai.com/policies/services-agreement/',
    score: 0.9,
    text: 'Customers may not use output to develop models that compete with OpenAI. Training an internal classifier on the results is allowed.',
  };
  const prices: AnswerChunk = {
    id: 'pricing.md#1',
    title: 'Indicative API prices',
    section: 'OpenAI API list prices: GPT-4o and GPT-4',
    path: 'pricing.md',
    url: null,
    score: 0.88,
    text: 'GPT-4: $30.00 per 1M input tokens, $60.00 per 1M output tokens. GPT-4o: $2.50 per 1M input tokens, $10.00 per 1M output tokens.',
  };
  const anthropicOwnership: AnswerChunk = {
    id: 'licenses/anthropic.md#2',
    title: 'Anthropic Commercial Terms',
    section: '§B Customer content: you own outputs',
    path: 'licenses/anthropic.md',
    url: 'https://www.anthropic.com/legal/commercial-terms',
    score: 0.85,
    text: 'As between the parties, the customer owns its outputs; Anthropic assigns to the customer any rights it has in them.',
  };
  const claudePrices: AnswerChunk = {
    ...prices,
    id: 'pricing.md#2',
    section: 'Anthropic API list prices: Claude Sonnet 4',
    text: 'Claude Sonnet 4: $3.00 per 1M input tokens, $15.00 per 1M output tokens.',
  };

  it('keeps price lines out of an answer about training on outputs ("output tokens" is another sense of "output")', () => {
    const result = answerLocally('Can we train our own model on GPT-4 outputs?', [openaiOutputs, prices]);
    expect(result.answer).toMatch(/^Customers may not use output to develop models/);
    expect(result.answer).not.toContain('$');
    expect(result.sources.map((s) => s.path)).toEqual(['licenses/openai.md']);
  });

  it('answers who owns what Claude writes from Anthropic\'s ownership clause, though the clause never names Claude', () => {
    const result = answerLocally('Do we own what Claude writes for us?', [claudePrices, anthropicOwnership]);
    expect(result.answer).toMatch(/^As between the parties, the customer owns its outputs/);
    expect(result.sources[0]?.section).toBe('§B Customer content: you own outputs');
  });

  it('answers "how much" with the figure', () => {
    const grant: AnswerChunk = {
      ...openaiOutputs,
      id: 'licenses/openai.md#1',
      section: '§2.2 Use: building commercial products on the API',
      score: 0.9,
      text: 'So a company can sell a product built on GPT-4o; there is no user cap. GPT-4o weights are not released, so they cannot be self-hosted.',
    };
    const result = answerLocally('How much does GPT-4o cost?', [grant, prices]);
    expect(result.answer).toMatch(/^GPT-4o: \$2\.50 per 1M input tokens/);
  });

  it('gives each side of a comparison its own best sentence', () => {
    const mistral: AnswerChunk = {
      id: 'licenses/mistral.md#1',
      title: 'Mistral 7B and Mixtral (Apache 2.0)',
      section: '§2 Apache 2.0 grant',
      path: 'licenses/mistral.md',
      url: null,
      score: 0.95,
      text: 'Mistral 7B is under Apache 2.0, so a company can sell a commercial product built on it with no user cap. Apache 2.0 asks you to keep the notices when you redistribute the weights.',
    };
    const llama2Grant: AnswerChunk = {
      ...llama2Cap,
      id: 'licenses/llama-2.md#1',
      section: '§1.a Grant of rights',
      score: 0.7,
      text: 'Commercial use of Llama 2 is allowed, royalty-free, unless the company had more than 700 million monthly active users in June 2023.',
    };
    const result = answerLocally('Llama 2 or Mistral for a commercial product?', [mistral, llama2Grant]);
    expect(result.answer).toContain('Commercial use of Llama 2 is allowed');
    expect(result.answer).toContain('Mistral 7B is under Apache 2.0');
    expect(result.sources.map((s) => s.path).sort()).toEqual(['licenses/llama-2.md', 'licenses/mistral.md']);
  });

  it('starts a yes/no answer with the sentence that rules, ahead of the background', () => {
    const grant: AnswerChunk = {
      ...llama2Cap,
      id: 'licenses/llama-2.md#1',
      section: '§1.a Grant of rights: commercial use',
      text: 'Meta grants a worldwide, royalty-free license to use, copy, modify and distribute Llama 2 for commercial products. Nothing limits it to research, so commercial use is allowed for a paid product.',
    };
    const result = answerLocally('Can we use Llama 2 in a commercial product?', [grant, article]);
    expect(result.answer).toMatch(/^Nothing limits it to research, so commercial use is allowed/);
  });

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
