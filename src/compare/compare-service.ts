/** Cited comparisons: models side by side from the catalog, and open versus closed on one aspect from the article. */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { answerLocally } from '../answers/local-answerer.js';
import type { Catalog, CatalogModel, FactSource } from '../knowledge/catalog-types.js';
import { asOfLabel } from '../knowledge/catalog-freshness.js';
import { usd } from '../polls/format.js';
import { resolveModel } from '../polls/parse.js';
import { parseDocument } from '../retrieval/loaders.js';
import type { Retriever } from '../retrieval/types.js';
import { ASPECTS, findAspect } from './aspects.js';
import { findComparisonChart, type ArticleChart } from './article-chart.js';
import type { CitedSource, ComparisonCell, ComparisonRow, ModelComparison, TopicComparison, TopicRow } from './types.js';

export interface CompareServiceOptions {
  catalog: Catalog;
  retriever?: Retriever | null;
  knowledgeDir?: string | null;
  titleOf?: (doc: string) => string;
  /** Clock for as-of labels (tests inject one). */
  now?: () => Date;
}

const ARTICLE_KIND = 'article';

class Citations {
  readonly sources: CitedSource[] = [];
  constructor(
    private readonly titleOf: (doc: string) => string,
    private readonly now: () => Date = () => new Date(),
  ) {}
  cite(source: { doc: string; section: string; url: string | null; title?: string; asOf?: string }): number {
    const found = this.sources.find((s) => s.doc === source.doc && s.section === source.section);
    if (found) return found.n;
    const n = this.sources.length + 1;
    const cited: CitedSource = { n, doc: source.doc, section: source.section, url: source.url ?? '', title: source.title ?? this.titleOf(source.doc) };
    if (source.asOf) cited.freshness = asOfLabel(source.asOf, this.now());
    this.sources.push(cited);
    return n;
  }
}

export class CompareService {
  private readonly catalog: Catalog;
  private readonly retriever: Retriever | null;
  private readonly knowledgeDir: string | null;
  private readonly titleOf: (doc: string) => string;
  private readonly now: () => Date;
  private chart: ArticleChart | null | undefined;

  constructor(options: CompareServiceOptions) {
    this.catalog = options.catalog;
    this.retriever = options.retriever ?? null;
    this.knowledgeDir = options.knowledgeDir ?? null;
    this.titleOf = options.titleOf ?? ((doc) => doc);
    this.now = options.now ?? (() => new Date());
  }

  readonly aspects = ASPECTS;

  /** Catalog models matching what the user has typed so far (for autocomplete), best first. */
  suggestModels(query: string, limit = 25): CatalogModel[] {
    const q = query.trim().toLowerCase();
    if (q === '') return this.catalog.models.slice(0, limit);
    const matches = this.catalog.models.filter(
      (m) => m.id.includes(q) || m.name.toLowerCase().includes(q) || m.aliases.some((a) => a.toLowerCase().includes(q)),
    );
    return (matches.length > 0 ? matches : this.catalog.closest(q, limit)).slice(0, limit);
  }

  compareModels(names: readonly string[]): ModelComparison {
    const wanted = names.map((n) => n.trim()).filter((n) => n !== '');
    if (wanted.length < 2 || wanted.length > 3) throw new UserError('Compare 2 or 3 models, e.g. llama-2-70b and gpt-4o.');
    const models = wanted.map((name) => resolveModel(this.catalog, name));
    if (new Set(models.map((m) => m.id)).size !== models.length) throw new UserError('Pick different models to compare.');

    const citations = new Citations(this.titleOf, this.now);
    const fact = (source: FactSource, text: string): ComparisonCell => ({ text, cite: citations.cite(source) });
    const row = (key: string, label: string, cell: (m: CatalogModel) => ComparisonCell): ComparisonRow => ({ key, label, cells: models.map(cell) });

    const rows = [
      row('license', 'License', (m) => fact(m.openWeights.source, `${m.license.name} (${m.access})`)),
      row('openWeights', 'Open weights', (m) => fact(m.openWeights.source, m.openWeights.summary)),
      row('commercialUse', 'Commercial use', (m) => fact(m.commercialUse.source, m.commercialUse.summary)),
      row('userCap', 'User caps', (m) => fact(m.userCap.source, m.userCap.summary)),
      row('hostingLimits', 'Hosting limits', (m) => fact(m.hostingLimits.source, m.hostingLimits.summary)),
      row('useOfOutputs', 'Use of outputs to train other models', (m) => fact(m.useOfOutputs.source, m.useOfOutputs.summary)),
      row('trainingOnYourData', 'Training on your data', (m) => fact(m.trainingOnYourData.source, m.trainingOnYourData.summary)),
      row('price', 'Price (per 1M tokens)', (m) =>
        m.price
          ? fact(m.price.source, `${usd(m.price.inputPer1M)} in / ${usd(m.price.outputPer1M)} out (${asOfLabel(m.price.asOf, this.now())})`)
          : fact(m.commercialUse.source, 'No list price: royalty-free weights, you pay for the hardware'),
      ),
      row('contextWindow', 'Context window', (m) => fact(m.contextWindow.source, m.contextWindow.summary)),
    ];
    return {
      models: models.map((m, i) => ({ id: m.id, name: m.name, vendor: m.vendor, access: m.access, ...(isExactName(m, wanted[i]!) ? {} : { typed: wanted[i]! }) })),
      rows,
      sources: citations.sources,
    };
  }

  async compareTopic(aspectId: string): Promise<TopicComparison> {
    const aspect = findAspect(aspectId);
    if (!aspect) throw new UserError(`I can compare these aspects: ${ASPECTS.map((a) => a.id).join(', ')} (also: ${ASPECTS.flatMap((a) => a.aliases.slice(0, 1)).join(', ')}…).`);
    const citations = new Citations(this.titleOf);

    const chart = this.loadChart();
    const wanted = aspect.features.map((f) => f.toLowerCase());
    // The article's chart names some features twice (two "Cost" rows): one row each, both statements kept.
    const rows: TopicRow[] = [];
    for (const r of (chart?.rows ?? []).filter((r) => wanted.includes(r.feature.toLowerCase()))) {
      const same = rows.find((row) => row.feature.toLowerCase() === r.feature.toLowerCase());
      if (same) {
        same.open = joinStatements(same.open, r.open);
        same.closed = joinStatements(same.closed, r.closed);
      } else {
        rows.push({ feature: r.feature, open: r.open, closed: r.closed, cite: citations.cite({ doc: chart!.doc, section: chart!.section, url: chart!.url, title: chart!.title }) });
      }
    }

    let summary = '';
    if (this.retriever) {
      const chunks = (await this.retriever.search(aspect.query, 12)).filter((c) => !chart || c.path === chart.doc);
      const passages = chunks.filter((c) => c.section !== chart?.section).slice(0, 6);
      const local = answerLocally(`How do open-source and closed LLMs differ in ${aspect.label.toLowerCase()}?`, passages, { ...(this.retriever.text ? { text: this.retriever.text } : {}) });
      if (local.covered) {
        const renumber = new Map<number, number>();
        for (const source of local.sources) renumber.set(source.n, citations.cite({ doc: source.path, section: source.section, url: source.url, title: source.title }));
        summary = local.answer.replace(/\[(\d+)\]/g, (_marker, n: string) => {
          const mapped = renumber.get(Number(n));
          return mapped === undefined ? '' : `[${mapped}]`;
        });
      }
    }
    if (rows.length === 0 && summary === '') throw new UserError(`The knowledge base says nothing about ${aspect.label.toLowerCase()} yet.`);
    return { aspect: aspect.id, label: aspect.label, rows, summary, sources: citations.sources };
  }

  private loadChart(): ArticleChart | null {
    if (this.chart !== undefined) return this.chart;
    this.chart = null;
    if (!this.knowledgeDir) return null;
    for (const file of fs.readdirSync(this.knowledgeDir).filter((f) => f.endsWith('.md')).sort()) {
      try {
        const doc = parseDocument(file, fs.readFileSync(path.join(this.knowledgeDir, file)));
        if (doc.kind !== ARTICLE_KIND) continue;
        const chart = findComparisonChart(doc);
        if (chart) return (this.chart = chart);
      } catch {
        // Not a readable article: keep looking.
      }
    }
    return null;
  }
}

/** "Generally free" + "Free or low-cost" → "Generally free. Free or low-cost". */
function joinStatements(first: string, second: string): string {
  return `${first.replace(/[.\s]+$/, '')}. ${second}`;
}

/** True when the user typed the model's id or full name, so there is nothing to tell them about how it was read. */
function isExactName(model: CatalogModel, typed: string): boolean {
  const key = typed.trim().toLowerCase();
  return key === model.id || key === model.name.toLowerCase();
}
