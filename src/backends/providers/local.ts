import type { BackendEntry } from '../types.js';

/** The embedded extractive answerer: no network, no key, always there. */
export function localBackend(): BackendEntry {
  return { name: 'local', provider: 'local', access: 'open', model: 'extractive', catalogModelId: null, available: true, secrets: [] };
}
