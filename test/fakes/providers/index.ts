export * from './server.js';
export { openAiDialect, startFakeOpenAi } from './openai.js';
export { ollamaDialect, startFakeOllama } from './ollama.js';
export { anthropicDialect, startFakeAnthropic } from './anthropic.js';
export { googleDialect, startFakeGoogle } from './google.js';
