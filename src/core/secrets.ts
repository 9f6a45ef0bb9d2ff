/** The credentials in the configuration, and how to keep them out of anything Parley shows. */
import type { Config } from '../config.js';

const MIN_SECRET_LENGTH = 6;

/** Every credential in the configuration: never shown to anyone, whatever a provider echoes. */
export function configuredSecrets(config: Pick<Config, 'discord' | 'backends'>): string[] {
  const { backends } = config;
  return [config.discord.token, backends.openai.apiKey, backends.anthropic.apiKey, backends.google.apiKey, ...backends.openAiCompatible.map((server) => server.apiKey)].filter(
    (secret): secret is string => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH,
  );
}

/**
 * Model output with every configured secret replaced. Only exact secrets: the key-shaped patterns
 * the logs also scrub ("Bot …", "sk-…") would mangle ordinary answers.
 */
export function removeSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  return out;
}

/**
 * For text still streaming: also holds back an ending that could be the start of a secret, so a
 * key split across two chunks never shows even for a moment.
 */
export function removeSecretsSoFar(text: string, secrets: readonly string[]): string {
  const out = removeSecrets(text, secrets);
  for (const secret of secrets) {
    for (let length = Math.min(secret.length - 1, out.length); length >= 4; length--) {
      if (out.endsWith(secret.slice(0, length))) return out.slice(0, out.length - length);
    }
  }
  return out;
}
