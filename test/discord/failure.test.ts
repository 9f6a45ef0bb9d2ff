import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { UserError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import { configuredSecrets, failureReply } from '../../src/discord/failure.js';

const COMPAT_KEY = 'team-vllm-key-7f3a9c2e51d04b68';

function capture() {
  const lines: string[] = [];
  const logger = createLogger('debug', new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }));
  return { logger, lines };
}

describe('failureReply', () => {
  const config = loadConfig({
    DISCORD_TOKEN: 'discord-token-abcdefghijkl',
    PARLEY_OPENAI_COMPATIBLE: JSON.stringify([{ name: 'vllm', baseUrl: 'http://127.0.0.1:8000/v1', model: 'm', apiKey: COMPAT_KEY }]),
  });
  const secrets = configuredSecrets(config);

  it('never shows or logs a configured key, even one no pattern recognises', () => {
    const { logger, lines } = capture();
    const shown = failureReply(new UserError(`The comparison could not run: 401 invalid key ${COMPAT_KEY}.`), logger, {}, secrets);
    expect(shown).toContain('[redacted]');
    expect(shown).not.toContain(COMPAT_KEY);
    const apology = failureReply(new Error(`upstream said: bad key ${COMPAT_KEY} / discord-token-abcdefghijkl`), logger, { command: 'ask' }, secrets);
    expect(apology).toMatch(/error id/);
    expect(lines.join('')).not.toContain(COMPAT_KEY);
    expect(lines.join('')).not.toContain('discord-token-abcdefghijkl');
    expect(lines.join('')).toContain('upstream said');
  });

  it('fits a UserError that quotes a very long input into one message', () => {
    const { logger } = capture();
    const shown = failureReply(new UserError(`I don't know the model "${'very-long-name '.repeat(500)}".`), logger, {}, secrets);
    expect(shown.length).toBeLessThanOrEqual(2000);
    expect(shown.endsWith('…')).toBe(true);
  });
});
