/**
 * Schema migrations, applied in order, each once, inside a transaction.
 * Append new entries at the end; never edit one that has shipped.
 */
export interface Migration {
  id: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  // <-- each feature appends its migrations here, in order
];
