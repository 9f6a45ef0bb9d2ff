/** Logs for a person at a terminal are short readable lines; the bot's stay JSON. Secrets are redacted in both. */
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { terminalLogger } from '../../src/terminal/repl.js';

function capture(human: boolean): { logger: ReturnType<typeof createLogger>; text: () => string } {
  const out = new PassThrough();
  let text = '';
  out.setEncoding('utf8').on('data', (data: string) => (text += data));
  return { logger: createLogger('info', out, { human }), text: () => text };
}

describe('logger', () => {
  it('writes one short line per entry for a person, without JSON, pids or secrets', async () => {
    const { logger, text } = capture(true);
    logger.info({ reason: 'no saved index', chunks: 412, documents: 12, ms: 2100 }, 'built the knowledge index');
    logger.warn({ backend: 'ollama:llama2', apiKey: 'sk-secret-0123456789', err: new Error('connection refused') }, 'backend call failed');
    logger.debug('not shown at info');
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toBe('built the knowledge index (documents 12, chunks 412)\nwarning: backend call failed (backend ollama:llama2, connection refused)\n');
  });

  it('keeps JSON lines for the bot', async () => {
    const { logger, text } = capture(false);
    logger.info({ apiKey: 'sk-secret-0123456789' }, 'built the knowledge index');
    await new Promise((resolve) => setImmediate(resolve));
    expect(JSON.parse(text())).toMatchObject({ level: 30, msg: 'built the knowledge index', apiKey: '[redacted]' });
  });

  it('is readable in the terminal session when stderr is a terminal', async () => {
    const wasTty = process.stderr.isTTY;
    const written: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      process.stderr.isTTY = true;
      terminalLogger('info').info({ chunks: 3, documents: 1 }, 'built the knowledge index');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      write.mockRestore();
      process.stderr.isTTY = wasTty;
    }
    expect(written.join('')).toBe('built the knowledge index (documents 1, chunks 3)\n');
  });
});
