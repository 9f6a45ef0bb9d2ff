import { describe, expect, it } from 'vitest';
import { classQuestion, stanceFit, tableCell } from '../../src/answers/class-question.js';

describe('questions about open or closed models as a class', () => {
  it('recognises the class and what is asked of it', () => {
    expect(classQuestion('What are the main advantages of open models?')).toMatchObject({ classes: ['open'], wantsGood: true, wantsBad: false });
    expect(classQuestion('What are the risks of open-source LLMs?')).toMatchObject({ classes: ['open'], wantsGood: false, wantsBad: true });
    expect(classQuestion('Why would we pick a closed model?')).toMatchObject({ classes: ['closed'], wantsGood: true });
    expect(classQuestion('What are the drawbacks of proprietary models?')).toMatchObject({ classes: ['closed'], wantsBad: true });
  });

  it('recognises a question weighing both classes on one aspect, with no good/bad framing', () => {
    expect(classQuestion('Open vs closed for privacy?')).toMatchObject({ classes: ['open', 'closed'], aspect: true, wantsGood: false, wantsBad: false });
    expect(classQuestion('Which is better for customization, open or closed?')).toMatchObject({ aspect: true, wantsGood: false });
    expect(classQuestion('are the open models ok on security?')).toMatchObject({ classes: ['open', 'closed'], aspect: true });
    expect(classQuestion('Pros and cons of open-weight models')).toMatchObject({ classes: ['open'], wantsGood: true, wantsBad: true, aspect: false });
    // Weighing on something that is not an aspect the two are compared on is left to the ordinary answer.
    expect(classQuestion('Will open models end up beating the closed ones?')).toBeNull();
  });

  it('is not a class question when a model is named or nothing is weighed', () => {
    expect(classQuestion('What are the advantages of Llama 2 as an open model?')).toBeNull();
    expect(classQuestion('What are open-source LLMs?')).toBeNull();
    expect(classQuestion('Is Gemma open source?')).toBeNull();
  });

  it('reads a comparison-table row as the column of the class asked about', () => {
    const row = 'Customization — Open Source LLMs: Highly customizable; users can modify the model; Closed Source LLMs: Limited or no customization options';
    expect(tableCell(row, 'open')).toBe('Customization — Open Source LLMs: Highly customizable; users can modify the model.');
    expect(tableCell(row, 'closed')).toBe('Customization — Closed Source LLMs: Limited or no customization options.');
    expect(tableCell('Open-source models are generally free.', 'open')).toBeNull();
  });

  it('prefers a strength for "advantages" and a weakness for "risks", and trusts a heading that names the tone', () => {
    const good = classQuestion('What are the advantages of open models?')!;
    const bad = classQuestion('What are the downsides of open models?')!;
    const free = 'Open-source models are generally free, allowing developers to experiment.';
    expect(stanceFit(good, free, 'Accessibility and Cost')).toBeGreaterThan(stanceFit(bad, free, 'Accessibility and Cost'));
    expect(stanceFit(bad, 'Quality Control: results can be inconsistent.', 'Challenges Facing Open-Source LLMs')).toBeGreaterThan(1);
    expect(stanceFit(bad, 'Market Reach: a broad customer base.', 'Advantages of Closed LLMs')).toBeLessThan(1);
  });
});
