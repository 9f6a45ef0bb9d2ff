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

export function createLogger(level: string = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: { paths: SECRET_PATHS, censor: '[redacted]' },
      base: { app: 'parley' },
    },
    // Logs go to stderr so that stdout stays clean for answers and --json output.
    (destination ?? pino.destination(2)) as pino.DestinationStream,
  );
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
