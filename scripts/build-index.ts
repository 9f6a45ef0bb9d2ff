/** `npm run index`: (re)builds the knowledge index in <data dir>/index and prints what went in. */
import path from 'node:path';
import { createLogger } from '../src/core/logger.js';
import { buildIndex, createEmbeddings } from '../src/retrieval/index.js';
import { runEntryPoint } from '../src/terminal/entry.js';

await runEntryPoint(async (config) => {
  const logger = createLogger(config.logLevel);
  const embeddings = await createEmbeddings(config);
  const indexDir = path.join(config.dataDir, 'index');
  const started = performance.now();
  const index = await buildIndex({ knowledgeDir: config.knowledgeDir, indexDir, embeddings, logger });
  const ms = performance.now() - started;
  const { manifest } = index;
  console.log(`index: ${indexDir}`);
  console.log(`embeddings: ${manifest.provider}/${manifest.model} (${manifest.dimension} dimensions)`);
  console.log(`documents: ${manifest.documentCount}`);
  console.log(`chunks: ${manifest.chunkCount}`);
  console.log(`build ms: ${ms.toFixed(0)}`);
  console.log(`problems: ${manifest.problems.length}`);
  for (const problem of manifest.problems) console.log(`  - ${problem.path}: ${problem.reason}`);
  index.close();
  return 0;
});
