/**
 * The model catalog (knowledge/models.yaml) as the rest of Parley sees it.
 * Every fact carries its source so that comparisons can cite each cell.
 */

/** Where a fact comes from: a knowledge document (path relative to knowledge/) and its section. */
export interface FactSource {
  /** e.g. "licenses/llama-2.md" */
  doc: string;
  /** e.g. "§2 Additional commercial terms"; shown in citations. */
  section: string;
  /** Canonical URL of the underlying source document. */
  url: string;
  /** ISO date the cited document's facts were last checked (its front matter `asOf`); filled in by the loader. */
  asOf: string;
}

export interface Fact<T> {
  value: T;
  /** One line a person can read in a table cell, e.g. "Yes, under 700M MAU". */
  summary: string;
  source: FactSource;
}

export interface Price {
  inputPer1M: number;
  outputPer1M: number;
  currency: 'USD';
  /** ISO date the price was read. */
  asOf: string;
  source: FactSource;
}

export interface CatalogModel {
  /** Stable id used in commands, e.g. "llama-2-70b", "gpt-4o". */
  id: string;
  name: string;
  aliases: string[];
  vendor: string;
  access: 'open' | 'closed';
  license: { name: string; /** path relative to knowledge/ */ brief: string; url: string };
  openWeights: Fact<boolean>;
  commercialUse: Fact<boolean>;
  userCap: Fact<string | null>;
  hostingLimits: Fact<string | null>;
  useOfOutputs: Fact<string>;
  trainingOnYourData: Fact<string>;
  /** null when no source we hold states it (the summary says so). */
  contextWindow: Fact<number | null>;
  /** Closed APIs: indicative list price. Open models: null (self-hosted cost is yours). */
  price: Price | null;
}

export interface Catalog {
  models: readonly CatalogModel[];
  /** By id or alias, case-insensitive. */
  get(idOrAlias: string): CatalogModel | undefined;
  /** The closest ids to a mistyped name, best first. */
  closest(query: string, limit?: number): CatalogModel[];
}
