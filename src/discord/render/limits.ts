/**
 * Discord's size limits for embeds and the helpers that keep every renderer inside them by
 * splitting (at paragraph, line or word boundaries) rather than cutting text off:
 * long text becomes several embeds, long field values several fields, and embeds are grouped
 * into messages of at most 10 embeds and 6,000 characters in all (Discord counts the title,
 * description, field names and values, footer and author of every embed of a message together).
 */
import { EmbedBuilder, type APIEmbed, type APIEmbedField } from 'discord.js';
import { EMBED_DESCRIPTION_LIMIT, MESSAGE_LIMIT, splitMessage } from './split-message.js';

export const EMBED_LIMITS = {
  title: 256,
  description: EMBED_DESCRIPTION_LIMIT,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Across all embeds of one message. */
  total: 6000,
  embedsPerMessage: 10,
} as const;

/**
 * Autocomplete and string options: at most 25 choices, choice names and values ≤ 100 characters.
 * Parley's free-text name options take at most 100 characters too, so what is typed can be a choice value.
 */
export const CHOICE_LIMITS = { choices: 25, name: 100, value: 100 } as const;
/** How long autocomplete waits for a live list (e.g. Ollama's models) within Discord's 3 s deadline. */
export const AUTOCOMPLETE_WAIT_MS = 1_500;

/** The characters Discord counts towards the 6,000 of a message. */
export function embedLength(embed: EmbedBuilder | APIEmbed): number {
  const json: APIEmbed = embed instanceof EmbedBuilder ? embed.data : embed;
  let length = (json.title?.length ?? 0) + (json.description?.length ?? 0) + (json.footer?.text.length ?? 0) + (json.author?.name.length ?? 0);
  for (const field of json.fields ?? []) length += field.name.length + field.value.length;
  return length;
}

/** Consecutive embeds grouped into messages: ≤ 10 embeds and ≤ 6,000 characters each. */
export function groupEmbeds<T extends EmbedBuilder | APIEmbed>(embeds: readonly T[]): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const embed of embeds) {
    const length = embedLength(embed);
    if (current.length > 0 && (current.length >= EMBED_LIMITS.embedsPerMessage || size + length > EMBED_LIMITS.total)) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(embed);
    size += length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * Text of any length as embeds (descriptions ≤ 4,096, split cleanly); `decorate` adds the title to
 * the first, a footer to the last, a colour to all…
 */
export function embedsForText(text: string, decorate: (embed: EmbedBuilder, index: number, count: number) => void): EmbedBuilder[] {
  const parts = splitMessage(text, EMBED_LIMITS.description);
  if (parts.length === 0) parts.push('\u200b');
  return parts.map((part, index) => {
    const embed = new EmbedBuilder().setDescription(part);
    decorate(embed, index, parts.length);
    return embed;
  });
}

/** A field value of any length as fields of ≤ 1,024 characters; continuations are named "… (continued)". */
export function fieldsForText(name: string, value: string): APIEmbedField[] {
  const parts = splitMessage(value, EMBED_LIMITS.fieldValue);
  return parts.map((part, index) => ({ name: clipAtWord(index === 0 ? name : `${name} (continued)`, EMBED_LIMITS.fieldName), value: part }));
}

/**
 * Adds fields to `first`, continuing in further embeds (same colour) when one would pass 25 fields
 * or its share of the 6,000 characters; `reserve` keeps room for a footer added afterwards.
 */
export function embedsWithFields(first: EmbedBuilder, fields: readonly APIEmbedField[], options: { reserve?: number } = {}): EmbedBuilder[] {
  const budget = EMBED_LIMITS.total - (options.reserve ?? 0);
  const embeds = [first];
  let current = first;
  let size = embedLength(first);
  for (const field of fields) {
    const length = field.name.length + field.value.length;
    if (size + length > budget || (current.data.fields?.length ?? 0) >= EMBED_LIMITS.fields) {
      current = new EmbedBuilder();
      if (first.data.color !== undefined) current.setColor(first.data.color);
      embeds.push(current);
      size = 0;
    }
    current.addFields(field);
    size += length;
  }
  return embeds;
}

/** For short labels (titles, field names, errors): at most `max` characters, cut at a word boundary with "…". */
export function clipAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const space = head.search(/\s\S*$/);
  return `${(space > max / 2 ? head.slice(0, space) : head).trimEnd()}…`;
}

/** Message content ≤ 2,000 characters (error replies and notes are never worth a second message). */
export function clipContent(text: string): string {
  return clipAtWord(text, MESSAGE_LIMIT);
}
