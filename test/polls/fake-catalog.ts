/** A tiny in-memory catalog for unit tests that must not depend on knowledge/models.yaml. */
import type { Catalog, CatalogModel, FactSource } from '../../src/knowledge/catalog-types.js';

const llamaSrc = (section: string): FactSource => ({ doc: 'licenses/llama-2.md', section, url: 'https://ai.meta.com/llama/license/', asOf: '2026-11-27' });
const openaiSrc = (section: string): FactSource => ({ doc: 'licenses/openai.md', section, url: 'https://openai.com/policies/terms-of-use', asOf: '2026-11-27' });

function model(partial: Pick<CatalogModel, 'id' | 'name' | 'access'> & Partial<CatalogModel>, src: (s: string) => FactSource): CatalogModel {
  return {
    aliases: [],
    vendor: 'v',
    license: { name: partial.access === 'open' ? 'Llama 2 Community License' : 'OpenAI Terms', brief: src('x').doc, url: src('x').url },
    openWeights: { value: partial.access === 'open', summary: partial.access === 'open' ? 'Yes' : 'No', source: src('§1 License grant') },
    commercialUse: { value: true, summary: partial.access === 'open' ? 'Yes, under 700M MAU' : 'Yes, through the API', source: src('§2 Commercial terms') },
    userCap: { value: partial.access === 'open' ? '700M MAU' : null, summary: partial.access === 'open' ? '700M monthly active users' : 'None', source: src('§2 Commercial terms') },
    hostingLimits: { value: null, summary: 'None', source: src('§1 License grant') },
    useOfOutputs: { value: 'no', summary: 'May not improve other LLMs', source: src('§1b Restrictions') },
    trainingOnYourData: { value: 'no', summary: 'Not applicable (self-hosted)', source: src('§1 License grant') },
    contextWindow: { value: 4096, summary: '4,096 tokens', source: src('§0 Model card') },
    price: partial.access === 'closed' ? { inputPer1M: 2.5, outputPer1M: 10, currency: 'USD', asOf: '2024-08-06', source: src('§9 Pricing') } : null,
    ...partial,
  };
}

export const MODELS: CatalogModel[] = [
  model({ id: 'llama-2-70b', name: 'Llama 2 70B', access: 'open', aliases: ['llama2-70b'] }, llamaSrc),
  model({ id: 'llama-2-7b', name: 'Llama 2 7B', access: 'open' }, llamaSrc),
  model({ id: 'gpt-4o', name: 'GPT-4o', access: 'closed' }, openaiSrc),
  model({ id: 'gpt-4', name: 'GPT-4', access: 'closed' }, openaiSrc),
];

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)] as number[]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

export const fakeCatalog: Catalog = {
  models: MODELS,
  get: (idOrAlias) => MODELS.find((m) => m.id === idOrAlias.toLowerCase() || m.aliases.includes(idOrAlias.toLowerCase())),
  closest: (query, limit = 3) => [...MODELS].sort((a, b) => distance(query, a.id) - distance(query, b.id)).slice(0, limit),
};
