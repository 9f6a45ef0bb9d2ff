export * from './server.js';
export { openAiDialect, startFakeOpenAi } from './openai.js';
export { DEFAULT_PULLED, ollamaDialect, startFakeOllama, type FakeOllama, type PulledModel } from './ollama.js';
export { anthropicDialect, startFakeAnthropic } from './anthropic.js';
export { googleDialect, startFakeGoogle } from './google.js';
