import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths whose values never reach a log line, wherever they appear in a logged object. */
const SECRET_PATHS = [
  'token',
  'apiKey',
  'authorization',
  '*.token',
  '*.apiKey',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers["x-goog-api-key"]',
  'config.discord.token',
  'config.backends.*.apiKey',
];

export interface LoggerOptions {
  /**
   * One short readable line per entry ("warning: backend call failed (ollama:llama2)") instead
   * of JSON: for a person at a terminal. The bot's logs stay JSON, for log collectors.
   */
  human?: boolean;
}

export function createLogger(level: string = 'info', destination?: NodeJS.WritableStream, options: LoggerOptions = {}): Logger {
  // Logs go to stderr so that stdout stays clean for answers and --json output.
  const stream = options.human ? humanLines(destination ?? process.stderr) : (destination ?? pino.destination(2));
  return pino(
    {
      level,
      redact: { paths: SECRET_PATHS, censor: '[redacted]' },
      base: { app: 'parley' },
    },
    stream as pino.DestinationStream,
  );
}

const LEVEL_WORDS: Record<number, string> = { 10: 'trace', 20: 'debug', 40: 'warning', 50: 'error', 60: 'fatal' };
/** Fields worth a word in a one-line log; the rest (pid, hostname, stacks) stays out of a person's way. */
const SHOWN_FIELDS = ['backend', 'errorId', 'documents', 'chunks', 'kind'] as const;

/** Turns pino's JSON lines (already redacted) into short lines for a person. */
function humanLines(out: NodeJS.WritableStream): { write(line: string): void } {
  return {
    write(line: string) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const level = LEVEL_WORDS[Number(entry.level)];
      const details = SHOWN_FIELDS.filter((key) => entry[key] !== undefined && typeof entry[key] !== 'object').map((key) => `${key} ${String(entry[key])}`);
      const err = entry.err as { message?: unknown } | undefined;
      if (err && typeof err.message === 'string') details.push(err.message);
      out.write(`${level ? `${level}: ` : ''}${String(entry.msg ?? '')}${details.length > 0 ? ` (${details.join(', ')})` : ''}\n`);
    },
  };
}

/** Removes anything that looks like a credential from a message before it is shown or logged. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  return out
    .replace(/\b(sk-[A-Za-z0-9_-]{6,}|sk-ant-[A-Za-z0-9_-]{6,}|AIza[0-9A-Za-z_-]{10,})/g, '[redacted]')
    .replace(/(Bearer|Bot)\s+[A-Za-z0-9._-]{10,}/g, '$1 [redacted]')
    .replace(/([?&](key|api_key|token)=)[^&\s]+/gi, '$1[redacted]');
}
