/**
 * Runs a repository test against both engines: `describe.each(ENGINES)('… on %s', …)`.
 * Each test gets its own empty place (a SQLite file in a temp folder, or a new PostgreSQL
 * database on the server test/support/postgres-global-setup.ts started) and may open it as many
 * times as it likes: several stores at once are several processes, close + open is a restart.
 * PostgreSQL is skipped, with the reason printed by the global setup, only when its binaries are missing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { createDatabase } from './postgres.js';

export interface StorePlace {
  /** Opens a store on this place (a new process's view of the same data). */
  open(): Promise<Store>;
  /** Closes every store opened here and removes the data. */
  dispose(): Promise<void>;
}

export interface Engine {
  name: 'sqlite' | 'postgres';
  /** False when PostgreSQL's binaries are missing (the global setup printed why). */
  available: boolean;
  /** Several processes may write at once (PostgreSQL); SQLite is one process's store. */
  shared: boolean;
  place(): Promise<StorePlace>;
}

export const postgresServerUrl = (): string => inject('postgresUrl');

function tracked(open: () => Promise<Store>, remove: () => Promise<void>): StorePlace {
  const stores: Store[] = [];
  return {
    async open() {
      const store = await open();
      stores.push(store);
      return store;
    },
    async dispose() {
      for (const store of stores.splice(0)) await store.close().catch(() => undefined);
      await remove();
    },
  };
}

export const ENGINES: Engine[] = [
  {
    name: 'sqlite',
    available: true,
    shared: false,
    async place() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-store-'));
      const sqliteFile = path.join(dir, 'parley.sqlite');
      return tracked(() => openStore({ sqliteFile }), async () => fs.rmSync(dir, { recursive: true, force: true }));
    },
  },
  {
    name: 'postgres',
    available: Boolean(inject('postgresUrl')),
    shared: true,
    async place() {
      const database = await createDatabase(postgresServerUrl());
      return tracked(() => openStore({ databaseUrl: database.url, sqliteFile: ':memory:' }), () => database.drop());
    },
  },
];
