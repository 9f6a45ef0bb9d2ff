import type { CitedSource } from '../polls/types.js';

export type { CitedSource };

export interface ComparedModel {
  id: string;
  name: string;
  vendor: string;
  access: 'open' | 'closed';
  /** What the user typed, when it was an alias or a close name rather than the id ("gpt4" → gpt-4). */
  typed?: string;
}

export interface ComparisonCell {
  text: string;
  /** Number of the source in `sources`; null when the cell states the absence of a fact (e.g. no list price). */
  cite: number | null;
}

export interface ComparisonRow {
  key: string;
  label: string;
  /** One per model, same order as `models`. */
  cells: ComparisonCell[];
}

export interface ModelComparison {
  models: ComparedModel[];
  rows: ComparisonRow[];
  sources: CitedSource[];
}

export interface TopicRow {
  feature: string;
  open: string;
  closed: string;
  cite: number;
}

export interface TopicComparison {
  aspect: string;
  label: string;
  /** Open versus closed, from the article's comparison chart. */
  rows: TopicRow[];
  /** Extractive summary of the article's passages on this aspect, with [n] citations into `sources`. */
  summary: string;
  sources: CitedSource[];
}
