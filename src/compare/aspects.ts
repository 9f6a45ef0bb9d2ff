/**
 * The aspects of `/compare topic`: which rows of the article's comparison chart and which search
 * terms belong to each. Only the mapping is curated; every sentence shown comes from the article.
 */
export interface Aspect {
  id: string;
  label: string;
  /** Feature names in the chart's first column (matched case-insensitively). */
  features: string[];
  /** Words for the retriever, to find the article's prose on this aspect. */
  query: string;
  /** Other words people type for it ("licensing" → compliance). */
  aliases: string[];
}

export const ASPECTS: readonly Aspect[] = [
  { id: 'cost', label: 'Cost', features: ['Cost', 'Commercialization', 'Licensing'], query: 'cost of open-source and closed LLMs licensing fees usage costs infrastructure', aliases: ['price', 'pricing', 'costs', 'fees'] },
  { id: 'privacy', label: 'Privacy and data', features: ['Security and Privacy', 'Data Ownership'], query: 'privacy data control open-source and closed LLMs provider infrastructure', aliases: ['data', 'data privacy', 'data ownership'] },
  { id: 'security', label: 'Security', features: ['Security and Privacy', 'Transparency', 'Legal and Compliance'], query: 'security vulnerabilities open-source and closed LLMs', aliases: ['safety', 'vulnerabilities'] },
  { id: 'customization', label: 'Customization', features: ['Customization', 'Performance Optimization', 'Code Access'], query: 'customization fine-tune modify open-source and closed LLMs', aliases: ['customisation', 'fine-tuning', 'fine tuning', 'finetuning'] },
  { id: 'support', label: 'Support', features: ['Community Support', 'Support', 'Reliability'], query: 'support community official support open-source and closed LLMs', aliases: ['vendor support', 'community support'] },
  { id: 'performance', label: 'Performance and reliability', features: ['Performance Optimization', 'Reliability', 'Scalability'], query: 'performance reliability open-source and closed LLMs', aliases: ['reliability', 'scalability', 'speed'] },
  { id: 'innovation', label: 'Innovation and community', features: ['Innovation Speed', 'Innovation', 'Community'], query: 'innovation community collaboration open-source and closed LLMs', aliases: ['community', 'innovation speed'] },
  { id: 'transparency', label: 'Transparency and bias', features: ['Transparency', 'Ethics and Bias Handling'], query: 'transparency bias open-source and closed LLMs', aliases: ['bias', 'ethics', 'openness'] },
  { id: 'integration', label: 'Integration', features: ['Integration', 'Interoperability', 'Use Cases'], query: 'integration APIs deployment open-source and closed LLMs', aliases: ['interoperability', 'api', 'apis', 'deployment'] },
  { id: 'compliance', label: 'Legal and compliance', features: ['Legal and Compliance', 'Licensing'], query: 'legal compliance licensing open-source and closed LLMs', aliases: ['legal', 'licensing', 'license', 'licence', 'licenses', 'licences'] },
];

export function findAspect(id: string): Aspect | undefined {
  const key = id.trim().toLowerCase().replace(/\s+/g, ' ');
  return ASPECTS.find((a) => a.id === key || a.label.toLowerCase() === key || a.aliases.includes(key));
}
