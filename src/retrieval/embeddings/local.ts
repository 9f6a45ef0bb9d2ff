/**
 * The `local` embeddings: computed in-process, no download, no key.
 *
 * What it is: a hashed TF-IDF vector in two blocks, each L2-normalised then weighted and
 * concatenated (so cosine similarity is a weighted sum of the blocks' cosines):
 *   - words: stemmed content words and adjacent word pairs, hashed into 1024 buckets;
 *   - characters: 4-grams of each word (with boundary marks), hashed into 512 buckets, which
 *     meet spelling variants, typos and morphology ("customisable" / "customization").
 * The IDF weights are fitted on the corpus when the index is built and persisted with it
 * (`exportState` / `importState`), so a loaded index embeds queries exactly as it embedded chunks.
 * It is not a neural model: it knows nothing the corpus does not say.
 */
import { Embeddings } from '@langchain/core/embeddings';
import { contentWords, stem } from '../text.js';

const BLOCKS = { word: 1024, char: 512 } as const;
type Block = keyof typeof BLOCKS;
const BLOCK_ORDER: Block[] = ['word', 'char'];
/** Relative weight of each block in the cosine (squared weights sum to 1). */
const BLOCK_WEIGHTS: Record<Block, number> = { word: Math.sqrt(0.65), char: Math.sqrt(0.35) };
/** Versioned by hand: bump on any change here or in text.ts, so an older index is rebuilt. */
export const LOCAL_EMBEDDINGS_MODEL = 'hashed-tfidf-v3-porter';
export const LOCAL_EMBEDDINGS_DIMENSION = BLOCKS.word + BLOCKS.char;

export interface LocalEmbeddingsState {
  model: string;
  documents: number;
  idf: Record<Block, number[]>;
}

type Features = Record<Block, Map<number, number>>;

export class LocalEmbeddings extends Embeddings {
  readonly provider = 'local';
  readonly model = LOCAL_EMBEDDINGS_MODEL;
  private idf: Record<Block, Float64Array> = {
    word: new Float64Array(BLOCKS.word).fill(1),
    char: new Float64Array(BLOCKS.char).fill(1),
  };
  private documents = 0;

  constructor() {
    super({});
  }

  /** Learns IDF weights from the corpus. Called once at build time, before embedding the chunks. */
  fit(texts: string[]): void {
    const df: Record<Block, Float64Array> = {
      word: new Float64Array(BLOCKS.word),
      char: new Float64Array(BLOCKS.char),
    };
    for (const text of texts) {
      const features = extractFeatures(text);
      for (const block of BLOCK_ORDER) for (const bucket of features[block].keys()) df[block][bucket]! += 1;
    }
    const n = texts.length;
    for (const block of BLOCK_ORDER) {
      this.idf[block] = df[block].map((count) => Math.log((n + 1) / (count + 1)) + 1);
    }
    this.documents = n;
  }

  exportState(): LocalEmbeddingsState {
    return {
      model: this.model,
      documents: this.documents,
      idf: { word: [...this.idf.word], char: [...this.idf.char] },
    };
  }

  importState(state: LocalEmbeddingsState): void {
    if (state.model !== this.model) throw new Error(`local embeddings state is for ${state.model}, not ${this.model}`);
    for (const block of BLOCK_ORDER) {
      if (state.idf[block].length !== BLOCKS[block]) throw new Error(`local embeddings state has a wrong ${block} block size`);
      this.idf[block] = Float64Array.from(state.idf[block]);
    }
    this.documents = state.documents;
  }

  embedSync(text: string): number[] {
    const features = extractFeatures(text);
    const vector = new Array<number>(LOCAL_EMBEDDINGS_DIMENSION).fill(0);
    let offset = 0;
    for (const block of BLOCK_ORDER) {
      const idf = this.idf[block];
      let norm = 0;
      const weighted: Array<[number, number]> = [];
      for (const [bucket, tf] of features[block]) {
        const value = (1 + Math.log(tf)) * idf[bucket]!;
        weighted.push([bucket, value]);
        norm += value * value;
      }
      if (norm > 0) {
        const scale = BLOCK_WEIGHTS[block] / Math.sqrt(norm);
        for (const [bucket, value] of weighted) vector[offset + bucket] = value * scale;
      }
      offset += BLOCKS[block];
    }
    return vector;
  }

  override async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((text) => this.embedSync(text));
  }

  override async embedQuery(document: string): Promise<number[]> {
    return this.embedSync(document);
  }
}

function extractFeatures(text: string): Features {
  const features: Features = { word: new Map(), char: new Map() };
  const add = (block: Block, key: string, amount = 1) => {
    const bucket = fnv1a(key) % BLOCKS[block];
    features[block].set(bucket, (features[block].get(bucket) ?? 0) + amount);
  };
  let previous: string | undefined;
  for (const word of contentWords(text)) {
    const stemmed = stem(word);
    add('word', stemmed);
    if (previous !== undefined) add('word', `${previous} ${stemmed}`, 0.5);
    previous = stemmed;
    const marked = `<${word}>`;
    if (marked.length <= 5) add('char', marked);
    else for (let i = 0; i + 4 <= marked.length; i += 1) add('char', marked.slice(i, i + 4), 0.5);
  }
  return features;
}

/** 32-bit FNV-1a: a fast, stable hash (the buckets must not change between build and load). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
