import { createAnswerService } from '../src/answers/answer-service.js';
import { createLogger } from '../src/core/logger.js';
import { loadCatalog } from '../src/knowledge/catalog.js';
import { buildIndex, createRetriever, localEmbeddings } from '../src/retrieval/index.js';
const index = await buildIndex({ knowledgeDir: 'knowledge', embeddings: localEmbeddings() });
const s = createAnswerService({ retriever: createRetriever(index), logger: createLogger('silent'), catalog: loadCatalog('knowledge') });
const ctx = { guildId: null, channelId: 'e', userId: 'e', isAdmin: false };
const turns = JSON.parse(process.argv[2]!) as string[];
const history: any[] = [];
for (const q of turns) {
  const r = await s.ask(ctx, { question: q, history: [...history] });
  console.log(`Q: ${q}\n  covered=${r.covered} ${r.latencyMs}ms\n  ${r.answer.replace(/\n/g, '\n  ')}\n  sources: ${r.sources.map((x) => `[${x.n}] ${x.path} § ${x.section}`).join(' | ')}`);
  history.push({ role: 'user', content: q }, { role: 'assistant', content: r.answer });
}
