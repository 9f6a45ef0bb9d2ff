export { PollService, type PollClosed, type PollServiceOptions } from './poll-service.js';
export { PollScheduler } from './scheduler.js';
export { SqlitePollRepository } from './sqlite-repository.js';
export type { PollRepository } from './repository.js';
export { POLL_LIMITS, parseDuration, parseOptions } from './parse.js';
export * from './types.js';
export * from './format.js';
