export { ArenaService, type ArenaBackends, type ArenaQuestion, type ArenaServiceOptions, type StartMatchInput } from './arena-service.js';
export { SqlArenaRepository, SqliteArenaRepository } from './sql-repository.js';
export type { ArenaRepository } from './repository.js';
export { bradleyTerry } from './rating.js';
export * from './types.js';
