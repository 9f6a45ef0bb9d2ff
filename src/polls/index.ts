export { PollService, type PollClosed, type PollServiceOptions } from './poll-service.js';
export { PollScheduler, type PollSchedulerOptions } from './scheduler.js';
export { SqlPollRepository, SqlitePollRepository } from './sql-repository.js';
export type { PollRepository } from './repository.js';
export { POLL_LIMITS, parseDuration, parseOptions } from './parse.js';
export * from './types.js';
export * from './format.js';
