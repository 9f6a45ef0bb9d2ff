/** Tallies, leaders and the decision summary for a model poll. Pure functions over stored votes. */
import type { Catalog, CatalogModel, FactSource } from '../knowledge/catalog-types.js';
import { usd } from './format.js';
import type { VoteRow } from './repository.js';
import type { CitedLine, CitedSource, DecisionSummary, Poll, PollResults } from './types.js';

export function computeResults(poll: Poll, votes: readonly VoteRow[], catalog: Catalog | null, titleOf: (doc: string) => string): PollResults {
  const counts = poll.options.map(() => 0);
  const voters = poll.options.map(() => [] as string[]);
  const distinct = new Set<string>();
  for (const vote of votes) {
    if (vote.optionIndex < 0 || vote.optionIndex >= counts.length) continue;
    counts[vote.optionIndex]! += 1;
    distinct.add(vote.voter);
    if (!poll.anonymous) voters[vote.optionIndex]!.push(vote.voter);
  }
  const totalVotes = counts.reduce((sum, n) => sum + n, 0);
  const top = Math.max(0, ...counts);
  const leaders = top === 0 ? [] : counts.flatMap((n, i) => (n === top ? [i] : []));
  const tallies = poll.options.map((option, i) => ({
    ...option,
    votes: counts[i]!,
    share: totalVotes === 0 ? 0 : counts[i]! / totalVotes,
    voters: poll.anonymous ? [] : voters[i]!,
  }));
  let decision: DecisionSummary | null = null;
  if (leaders.length === 1 && catalog) {
    const modelId = poll.options[leaders[0]!]!.modelId;
    const model = modelId ? catalog.get(modelId) : undefined;
    if (model) decision = decisionSummary(model, titleOf);
  }
  return { poll, tallies, turnout: distinct.size, totalVotes, leaders, closed: poll.closedAt !== null, decision };
}

/** The winner's key catalog facts, each citing its source (numbered per distinct document section). */
export function decisionSummary(model: CatalogModel, titleOf: (doc: string) => string): DecisionSummary {
  const sources: CitedSource[] = [];
  const cite = (source: FactSource): number => {
    const found = sources.find((s) => s.doc === source.doc && s.section === source.section);
    if (found) return found.n;
    const n = sources.length + 1;
    sources.push({ n, title: titleOf(source.doc), section: source.section, doc: source.doc, url: source.url });
    return n;
  };
  const lines: CitedLine[] = [
    { label: 'License', text: `${model.license.name} (${model.access === 'open' ? 'open weights' : 'closed'})`, cite: cite(model.openWeights.source) },
    { label: 'Commercial use', text: model.commercialUse.summary, cite: cite(model.commercialUse.source) },
    { label: 'User cap', text: model.userCap.summary, cite: cite(model.userCap.source) },
  ];
  if (model.price) {
    lines.push({
      label: 'Price',
      text: `${usd(model.price.inputPer1M)} in / ${usd(model.price.outputPer1M)} out per 1M tokens (as of ${model.price.asOf})`,
      cite: cite(model.price.source),
    });
  } else {
    lines.push({ label: 'Price', text: 'No API list price: self-hosted, so the cost is your infrastructure', cite: cite(model.openWeights.source) });
  }
  return { modelId: model.id, modelName: model.name, access: model.access, lines, sources };
}
