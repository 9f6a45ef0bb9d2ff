import { describe, expect, it } from 'vitest';
import { correctSpelling, isEnglishWord } from '../../src/retrieval/spelling.js';
import { TextModel } from '../../src/retrieval/text-model.js';

const model = new TextModel([
  { title: 'Mistral 7B and Mixtral', section: '§2 Commercial use', text: 'Mistral 7B may be used commercially. Anthropic does not train on API data. The context window is 32K.' },
  { title: 'Llama 2 Community License', section: '§2 Additional commercial terms', text: 'Llama 2 licensees with over 700 million monthly active users need a license. The customer passed the test. Every organization finds it customizable.' },
]);

describe('spelling against the knowledge base', () => {
  it('corrects misspelt words and model names to the words the knowledge base writes', () => {
    const result = correctSpelling('can we use lama 2 comercially? does antrhopic keep the context windw of mistal 7b', model);
    expect(result.text).toBe('can we use llama 2 commercially? does anthropic keep the context window of mistral 7b');
    expect(result.corrections).toEqual([
      ['lama', 'llama'],
      ['comercially', 'commercially'],
      ['antrhopic', 'anthropic'],
      ['windw', 'window'],
      ['mistal', 'mistral'],
    ]);
  });

  it('leaves alone English words the knowledge base does not use, short words, counts and names it cannot place', () => {
    for (const question of ['is paying less tight for us?', 'what if our app passes 700 million users?', 'can I run mistral on ollama', 'is gpt4o ok', 'yi 34b?']) {
      expect(correctSpelling(question, model), question).toEqual({ text: question, corrections: [] });
    }
  });

  it('turns British spellings into the American ones the knowledge base writes, and back for a British corpus', () => {
    expect(correctSpelling('which licence? how customisable is it for our organisation?', model)).toEqual({
      text: 'which license? how customizable is it for our organization?',
      corrections: [
        ['licence', 'license'],
        ['customisable', 'customizable'],
        ['organisation', 'organization'],
      ],
    });
    const british = new TextModel([{ title: 'Terms', section: 'Licence', text: 'The licence lets your organisation customise the model for filing tax returns.' }]);
    expect(correctSpelling('does the license let us customize it?', british).text).toBe('does the licence let us customise it?');
    expect(correctSpelling('four hours of filling your tour', british).corrections).toEqual([]);
  });

  it('knows the English dictionary, out-of-order lines included', () => {
    expect(['paying', 'tight', 'licence', 'manlihood', 'sharrowed'].every(isEnglishWord)).toBe(true);
    expect(['comercially', 'windw', 'antrhopic'].some(isEnglishWord)).toBe(false);
  });
});
