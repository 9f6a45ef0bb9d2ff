/**
 * The `transformers` embeddings: a sentence-transformer (default Xenova/all-MiniLM-L6-v2, 384
 * dimensions) run in-process by transformers.js on ONNX Runtime. Downloaded once where there is
 * internet, into `cacheDir` (Parley's models directory, outside node_modules so `npm ci` keeps it).
 */
import { Embeddings } from '@langchain/core/embeddings';

export const DEFAULT_TRANSFORMERS_MODEL = 'Xenova/all-MiniLM-L6-v2';

export interface TransformersEmbeddingsOptions {
  model?: string;
  /** Where downloaded models are cached, and where local models are looked up first. */
  cacheDir: string;
  /** False: only models already in `cacheDir` are used (offline; what the tests do). */
  allowRemoteModels?: boolean;
  batchSize?: number;
}

type Extractor = (texts: string[], options: { pooling: 'mean'; normalize: boolean }) => Promise<{ tolist(): unknown }>;

export class TransformersEmbeddings extends Embeddings {
  readonly provider = 'transformers';
  readonly model: string;
  private extractor: Promise<Extractor> | null = null;

  constructor(private readonly options: TransformersEmbeddingsOptions) {
    super({});
    this.model = options.model ?? DEFAULT_TRANSFORMERS_MODEL;
  }

  private load(): Promise<Extractor> {
    this.extractor ??= (async () => {
      const { env, pipeline } = await import('@huggingface/transformers');
      env.cacheDir = this.options.cacheDir;
      env.localModelPath = this.options.cacheDir;
      env.allowLocalModels = true;
      env.allowRemoteModels = this.options.allowRemoteModels ?? true;
      const extractor = await pipeline('feature-extraction', this.model, { cache_dir: this.options.cacheDir, dtype: 'fp32' });
      return extractor as unknown as Extractor;
    })();
    return this.extractor;
  }

  override async embedDocuments(documents: string[]): Promise<number[][]> {
    const extractor = await this.load();
    const batchSize = this.options.batchSize ?? 32;
    const out: number[][] = [];
    for (let i = 0; i < documents.length; i += batchSize) {
      const batch = documents.slice(i, i + batchSize).map((text) => text.replace(/\s+/g, ' '));
      const tensor = await extractor(batch, { pooling: 'mean', normalize: true });
      out.push(...(tensor.tolist() as number[][]));
    }
    return out;
  }

  override async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([document]);
    if (!vector) throw new Error('the embedding model returned no vector');
    return vector;
  }
}
