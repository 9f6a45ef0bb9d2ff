import { describe, expect, it } from 'vitest';
import { sourceLabel } from '../../src/answers/citations.js';
import { asOfLabel, flagStaleDates, isStale, licenseAndPrice } from '../../src/knowledge/catalog-freshness.js';
import { priceText } from '../../src/discord/render/backends.js';
import { catalogModel } from '../backends/helpers.js';

const DEC_2026 = new Date('2026-12-01T12:00:00Z');

describe('as-of dates', () => {
  it('calls a figure stale only once it is more than twelve months old, against the given clock', () => {
    expect(isStale('2025-06-01', DEC_2026)).toBe(true);
    expect(isStale('2025-12-02', DEC_2026)).toBe(false);
    expect(isStale('2026-11-27', DEC_2026)).toBe(false);
    expect(isStale('2026-11-27', new Date('2027-11-28T00:00:01Z'))).toBe(true);
    expect(asOfLabel('2025-06-01', DEC_2026)).toBe('as of 2025-06-01, over 12 months old');
    expect(asOfLabel('2026-11-27', DEC_2026)).toBe('as of 2026-11-27');
  });

  it('flags stale dates inside a text once, leaving fresh ones and the rest alone', () => {
    const title = 'Indicative API prices and context windows, as of 2025-06-01';
    expect(flagStaleDates(title, DEC_2026)).toBe('Indicative API prices and context windows, as of 2025-06-01, over 12 months old');
    expect(flagStaleDates(flagStaleDates(title, DEC_2026), DEC_2026)).toBe(flagStaleDates(title, DEC_2026));
    expect(flagStaleDates(title, new Date('2025-07-01T00:00:00Z'))).toBe(title);
  });

  it('labels answers citing the dated pricing note, saying when it is over a year old', () => {
    const source = { title: 'Indicative API prices and context windows, as of 2025-06-01', section: 'OpenAI API list prices: GPT-4o and GPT-4' };
    expect(sourceLabel(source, DEC_2026)).toBe(
      'Indicative API prices and context windows, as of 2025-06-01, over 12 months old — OpenAI API list prices: GPT-4o and GPT-4',
    );
    expect(sourceLabel(source, new Date('2026-01-01T00:00:00Z'))).toBe(
      'Indicative API prices and context windows, as of 2025-06-01 — OpenAI API list prices: GPT-4o and GPT-4',
    );
  });

  it('shows the license date and the price date in model lists (Discord and terminal share the text)', () => {
    const closed = catalogModel('gpt-4o', 'closed', { inputPer1M: 2.5, outputPer1M: 10, asOf: '2025-06-01' });
    expect(licenseAndPrice(closed, DEC_2026)).toBe(
      'Vendor Terms (as of 2026-11-27) · $2.5 in / $10 out per 1M tokens (as of 2025-06-01, over 12 months old)',
    );
    expect(priceText(closed, new Date('2026-01-01T00:00:00Z'))).toBe('Vendor Terms (as of 2026-11-27) · $2.5 in / $10 out per 1M tokens (as of 2025-06-01)');
    expect(priceText(catalogModel('llama', 'open', null), DEC_2026)).toBe('Open License (as of 2026-11-27) · self-hosted (no per-token price)');
    expect(priceText(undefined)).toBe('not in the catalog');
  });
});
