/**
 * Real questions through the real service, knowledge base and catalog: "is X open source?",
 * catalog facts of named models (and of models the catalog does not have), comparisons of two
 * named models, follow-ups, off-topic and non-English questions.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService, type AnswerService } from '../../src/answers/answer-service.js';
import { createLogger } from '../../src/core/logger.js';
import type { AnswerResult, RequestContext } from '../../src/core/types.js';
import { loadCatalog } from '../../src/knowledge/catalog.js';
import { buildIndex, createRetriever, localEmbeddings, type KnowledgeIndex } from '../../src/retrieval/index.js';
import { tempDir } from '../retrieval/fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ctx: RequestContext = { guildId: '1', channelId: '2', userId: '3', isAdmin: false };

describe('answers to the questions a team asks (real knowledge base)', () => {
  let index: KnowledgeIndex;
  let answers: AnswerService;
  const ask = (question: string): Promise<AnswerResult> => answers.ask(ctx, { question });

  beforeAll(async () => {
    index = await buildIndex({ knowledgeDir: path.join(root, 'knowledge'), indexDir: tempDir(), embeddings: localEmbeddings() });
    answers = createAnswerService({ retriever: createRetriever(index), logger: createLogger('silent'), catalog: loadCatalog(path.join(root, 'knowledge')) });
  });
  afterAll(() => index?.close());

  it('says whether a model is open source from its own brief, with what the license allows', async () => {
    const gemma = await ask('Is Gemma open source?');
    expect(gemma.sources[0]?.path).toBe('licenses/gemma.md');
    expect(gemma.answer).toMatch(/open-weight/);
    expect(gemma.answer).toMatch(/not open source/);
    const mistral = await ask('Is Mistral 7B open source?');
    expect(mistral.sources[0]?.path).toBe('licenses/mistral.md');
    expect(mistral.answer).toMatch(/Apache License 2\.0.*open-source license/);
  });

  it('answers a catalog field of a named model exactly, with its citation and as-of date', async () => {
    const price = await ask('How much does GPT-4 cost per 1M tokens?');
    expect(price.answer.split('\n')[0]).toBe('GPT-4 — Price: $30 per 1M input tokens, $60 per 1M output tokens (list price as of 2025-06-01) [1].');
    expect(price.sources[0]).toMatchObject({ path: 'pricing.md', section: 'OpenAI API list prices: GPT-4o and GPT-4' });
    const license = await ask('What license is Falcon 40B under?');
    expect(license.answer).toMatch(/^Falcon 40B — License: Apache License 2\.0/);
    const maker = await ask('Who makes Falcon?');
    expect(maker.answer.split('\n')[0]).toBe('Falcon 40B — Made by: TII [1].');
  });

  it('gives the catalog fields asked, each once: a second field only for what the first does not explain', async () => {
    const lines = async (question: string) => (await ask(question)).answer.split('\n').filter((line) => / — [\w ]+: /.test(line) && !line.startsWith('•'));
    expect(await lines('commercial use and user cap of Llama 2?')).toEqual([expect.stringMatching(/^Llama 2 70B — User cap: /), expect.stringMatching(/^Llama 2 70B — Commercial use: /)]);
    expect(await lines('how much is gpt-4o per million tokens?')).toEqual([expect.stringMatching(/^GPT-4o — Price: /)]);
    expect((await ask("Does BLOOM's license allow commercial use?")).answer).not.toMatch(/Training on your data/);
  });

  it('answers a question about a named model from what the knowledge base says about that model, not from other models\' terms', async () => {
    const paid = await ask('can we just use llama 2 in our paid app?');
    expect(paid.sources.every((source) => source.path === 'licenses/llama-2.md')).toBe(true);
    expect(paid.answer).toMatch(/Commercial product or paid SaaS on Llama 2: allowed/);
    const law = await ask("Under which state's laws would a dispute about the Llama 2 agreement be decided?");
    expect(law.answer).toMatch(/California law governs/);
    // Each side of a comparison.
    const both = await ask('Gemma vs Llama 2 for training a smaller model on their outputs?');
    expect(both.sources.map((source) => source.path)).toEqual(expect.arrayContaining(['licenses/gemma.md']));
    expect(both.answer).toMatch(/Llama 2's ban/);
  });

  it('names a model the catalog does not have instead of answering for a neighbour', async () => {
    const opus = await ask("What's the context window of Claude 3 Opus?");
    expect(opus.answer).toMatch(/^Claude 3 Opus is not in the catalog; it has Claude Sonnet 4:\nClaude Sonnet 4 — Context window: 200,000 tokens \[1\]\./);
    const yi = await ask('what license is Yi-34B from 01.AI under?');
    expect(yi.covered).toBe(false);
    expect(yi.answer).toMatch(/^Yi-34B is not in the knowledge base/);
    // A family word that is no model name of its own ("GPT") followed by a version the catalog lacks.
    const gpt41 = await ask('gpt 4.1 price?');
    expect(gpt41.answer).toMatch(/^gpt 4\.1 is not in the catalog; it has GPT-4, GPT-4o, .*:\nGPT-4 — Price: \$30 per 1M input tokens/);
    const turbo = await ask('how many parameters does gpt-3.5 turbo have');
    expect(turbo.covered).toBe(false);
    expect(turbo.answer).toMatch(/^gpt-3\.5 is not in the knowledge base/);
    // A tier word instead of a version ("Ultra", "Large") names another model of the family too.
    const ultra = await ask("what's the context window of Gemini Ultra?");
    expect(ultra.answer).toMatch(/^Gemini Ultra is not in the catalog; it has Gemini 1\.5 Pro:\nGemini 1\.5 Pro — Context window/);
    const large = await ask('Is Mistral Large open?');
    expect(large.answer).toMatch(/^Mistral Large is not in the catalog; it has /);
    expect(large.answer).toMatch(/Mistral Large Instruct 2407 \(MRL\) are under custom non-commercial licenses/);
    // What the documents call themselves is no model: "the Gemma Terms of Use" is about Gemma.
    expect((await ask("what's the user cap in the Gemma Terms of Use?")).answer).toMatch(/^Gemma 7B — User cap: No user cap \[1\]\./);
    // A name the catalog completes is that model; a quoted product name is not declined as an unknown model.
    expect((await ask("What's the price of Claude Sonnet?")).answer).toMatch(/^Claude Sonnet 4 — Price: \$3 per 1M input tokens/);
    const product = await ask('Can we call our product "Llama Assistant" and put Meta\'s logo on it?');
    expect(product.covered).toBe(true);
    expect(product.answer).toMatch(/no trademark rights/);
  });

  it('lends a follow-up the conversation’s subject but not its coverage: an off-topic question after a model question is still declined', async () => {
    const history = [
      { role: 'user' as const, content: 'How much does GPT-4o cost per 1M tokens?' },
      { role: 'assistant' as const, content: 'GPT-4o — Price: $2.5 per 1M input tokens, $10 per 1M output tokens [1].' },
    ];
    const cuda = await answers.ask(ctx, { question: 'How do I fix CUDA out of memory in PyTorch?', history });
    expect(cuda).toMatchObject({ covered: false, sources: [] });
    const maker = await answers.ask(ctx, { question: 'who makes it?', history });
    expect(maker.answer).toMatch(/^GPT-4o — Made by: OpenAI/);
  });

  it('keeps the subject of the conversation: "what about its user cap?" after Falcon 40B is about Falcon 40B', async () => {
    const history = [
      { role: 'user' as const, content: 'What license is Falcon 40B under?' },
      { role: 'assistant' as const, content: 'Falcon 40B — License: Apache License 2.0 (open) [1]. Llama 2 has a 700M cap [2].' },
    ];
    const result = await answers.ask(ctx, { question: 'what about its user cap?', history });
    expect(result.answer).toMatch(/^Falcon 40B — User cap: No user cap/);
    expect(result.answer).not.toMatch(/700/);
  });

  it('follows a catalog line with passages about the same model, not other models that match the field', async () => {
    const result = await ask('deepseek r1 price per million tokens');
    expect(result.answer).toMatch(/^DeepSeek-R1 — Price: no per-token list price/);
    const passages = result.answer.split('\n').slice(1).join(' ');
    expect(passages).toMatch(/DeepSeek/);
    expect(passages).not.toMatch(/(Claude Sonnet 4|GPT-4o|Gemini 1\.5 Pro): \$/);
  });

  it('reads typos against the knowledge base, model names included, instead of declining or naming a missing model', async () => {
    const windw = await ask('whats the context windw of gpt4o');
    expect(windw.answer).toMatch(/^GPT-4o — Context window: 128,000 tokens \[1\]\./);
    const mistal = await ask('is mistal 7b open sorce?');
    expect(mistal.covered).toBe(true);
    expect(mistal.answer).not.toMatch(/not in the knowledge base/);
    expect(mistal.answer).toMatch(/Apache/);
    const lama = await ask('can we use lama 2 comercially');
    expect(lama.answer).toMatch(/^Llama 2 70B — Commercial use: Yes/);
    expect(lama.question).toBe('can we use lama 2 comercially');
  });

  it('gives a lead that draws a conclusion ("So …") the sentence it concludes from', async () => {
    const result = await ask('does anthropic keep our prompts?');
    expect(result.answer).toMatch(/^The same section states that Anthropic may not train models on customer content from the services\. So Anthropic does not train on your API data/);
  });

  it('keeps a conclusion drawn mid-sentence ("A company can therefore …") with the rule it follows from', async () => {
    const result = await ask("Our support chatbot runs Falcon-180B on our own machines behind the scenes; do we need TII's permission?");
    expect(result.answer).toMatch(/^Providing applications .* in the background is not Hosting Use \(§9\.2\)\. A company can therefore self-host Falcon-180B/);
  });

  it('leads with a passage about the model the question names when one was retrieved, not with another model\'s terms', async () => {
    const disclosure = await ask('Does a customer-facing bot running on Llama 2 have to reveal that it is not a person?');
    expect(disclosure.sources[0]?.path).toBe('licenses/llama-2.md');
    expect(disclosure.answer.split('\n')[0]).toMatch(/chatbot built on Llama 2 should therefore say it is an AI/);
    const bloom = await ask('what uses does the bloom licence forbid?');
    expect(bloom.answer.split('\n')[0]).not.toMatch(/Falcon/);
    expect(bloom.sources[0]?.title).toMatch(/BLOOM|BigScience/);
  });

  it('reads at a glance: the lead on its own line, then each further passage as a cited bullet', async () => {
    const [lead, ...passages] = (await ask('does anthropic keep our prompts?')).answer.split('\n');
    expect(lead).toMatch(/\[1\]\.$/);
    expect(passages.length).toBeGreaterThan(1);
    for (const passage of passages) expect(passage).toMatch(/^• .+ \[\d+\][.!?…]*["'”’)]*$/u);
    // A passage that points back ("It also prohibits…") does not stand alone without what it points to.
    expect(passages.filter((passage) => /^• (?:It|This|So|However|These)\b/.test(passage))).toEqual([]);
  });

  it('reads British spellings as the American ones the knowledge base writes: "licence" is asked like "license"', async () => {
    const british = await ask('what licence is falcon 40b under?');
    const american = await ask('what license is falcon 40b under?');
    expect(british.answer).toMatch(/^Falcon 40B — License: Apache License 2\.0 \(open\) \[1\]\./);
    expect(british.answer).toBe(american.answer);
  });

  it('declines off-topic questions, near-domain ones included, and tells a question in another script that the knowledge base is English', async () => {
    for (const question of ["What's the weather in Paris tomorrow?", 'any good banana bread recipe? mine always comes out dry', "getting 'CUDA out of memory' in my pytorch training loop, what can i try?"]) {
      const result = await ask(question);
      expect(result, question).toMatchObject({ covered: false, sources: [] });
    }
    const japanese = await ask('Llama 2を商用アプリで使う場合、ライセンス上の注意点は何ですか？');
    expect(japanese).toMatchObject({ covered: false, sources: [] });
    expect(japanese.answer).toMatch(/knowledge base is in English/);
  });

  it('after the catalog line, answers what was asked about the named model rather than whatever else names it', async () => {
    const result = await ask('is it ok to use gpt-4o outputs to train our own model?');
    expect(result.answer).toMatch(/^GPT-4o — Use of outputs: /);
    const firstPassage = result.answer.split('\n')[1]?.split(/\[\d+\]/)[0] ?? '';
    expect(firstPassage).toMatch(/train|distill/i);
    expect(firstPassage).not.toMatch(/cheaper|per 1M/);
  });

  it('tells a question in another language written in Latin letters that the knowledge base is English, and still answers English with foreign-looking words', async () => {
    for (const question of ['¿Cuánto cuesta usar GPT-4o por cada millón de tokens?', "Quelle est la licence de Llama 2 et peut-on l'utiliser?", 'Welche Lizenz hat Llama 2 und ist das Open Source?']) {
      const result = await ask(question);
      expect(result, question).toMatchObject({ covered: false, sources: [] });
      expect(result.answer, question).toMatch(/knowledge base is in English/);
    }
    const english = await ask("Can EU residents use Llama 3.2 multimodal models inside someone else's app?");
    expect(english.covered).toBe(true);
    expect(english.answer).toMatch(/European Union|EU/);
  });

  it('gives each side of a price comparison its own price', async () => {
    const result = await ask('Which is cheaper, GPT-4o or Claude Sonnet 4?');
    expect(result.answer).toMatch(/GPT-4o: \$2\.50 per 1M input tokens/);
    expect(result.answer).toMatch(/Claude Sonnet 4: \$3\.00 per 1M input tokens/);
  });

  it('answers each side of a licensing comparison from the catalog and its own clause', async () => {
    const result = await ask('Llama 2 or Mistral for a commercial product?');
    const llama = result.sources.find((s) => s.path === 'licenses/llama-2.md');
    expect(llama?.section).toMatch(/^§1\.a /);
    expect(result.sources.some((s) => s.path === 'licenses/mistral.md')).toBe(true);
    expect(result.answer).toMatch(/Llama 2 70B — Commercial use: Yes, royalty-free/);
    expect(result.answer).toMatch(/Mistral 7B — Commercial use: Yes/);
  });

});
