/**
 * vitest globalSetup: one PostgreSQL server for the whole run (test files create their own
 * databases on it), its URL provided to tests as inject('postgresUrl'); '' when the server
 * binaries are missing, and the reason is printed so a skip is never silent.
 */
import type { TestProject } from 'vitest/node';
import { findPostgresBinaries, startPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const found = findPostgresBinaries();
  if (found.dir === null) {
    console.warn(`\n[parley] PostgreSQL tests are SKIPPED: ${found.reason}\n`);
    project.provide('postgresUrl', '');
    return undefined;
  }
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
