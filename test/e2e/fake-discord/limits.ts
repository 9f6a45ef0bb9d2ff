/**
 * Discord's size limits on what a bot sends, checked by the fake on every request the way Discord
 * checks them (Discord answers 400 / 50035 "Invalid Form Body"; so does the fake). Limits from
 * Discord's API reference: message content 2,000; ≤ 10 embeds whose title, description, field
 * names and values, footer and author together stay ≤ 6,000; title 256; description 4,096;
 * ≤ 25 fields, name 256, value 1,024; footer 2,048; ≤ 5 action rows of ≤ 5 buttons (or one select);
 * button label 80; custom_id 100; select: ≤ 25 options, label/value/description 100, placeholder 150;
 * autocomplete: ≤ 25 choices, name 1–100, string value ≤ 100.
 */

type Json = Record<string, any>;

export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  selectOptionText: 100,
  placeholder: 150,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

const len = (value: unknown): number => (typeof value === 'string' ? [...value].length : 0);

/** Problems with a message body (content, embeds, components), as "path: what" strings; [] when valid. */
export function messageLimitViolations(body: Json | null | undefined): string[] {
  if (!body || typeof body !== 'object') return [];
  const problems: string[] = [];
  const over = (path: string, value: unknown, limit: number) => {
    if (len(value) > limit) problems.push(`${path}: ${len(value)} characters > ${limit}`);
  };
  over('content', body.content, DISCORD_LIMITS.content);

  const embeds: Json[] = Array.isArray(body.embeds) ? body.embeds : [];
  if (embeds.length > DISCORD_LIMITS.embeds) problems.push(`embeds: ${embeds.length} > ${DISCORD_LIMITS.embeds}`);
  let total = 0;
  embeds.forEach((embed, i) => {
    const at = `embeds[${i}]`;
    over(`${at}.title`, embed.title, DISCORD_LIMITS.title);
    over(`${at}.description`, embed.description, DISCORD_LIMITS.description);
    over(`${at}.footer.text`, embed.footer?.text, DISCORD_LIMITS.footer);
    over(`${at}.author.name`, embed.author?.name, DISCORD_LIMITS.authorName);
    const fields: Json[] = Array.isArray(embed.fields) ? embed.fields : [];
    if (fields.length > DISCORD_LIMITS.fields) problems.push(`${at}.fields: ${fields.length} > ${DISCORD_LIMITS.fields}`);
    fields.forEach((field, j) => {
      over(`${at}.fields[${j}].name`, field.name, DISCORD_LIMITS.fieldName);
      over(`${at}.fields[${j}].value`, field.value, DISCORD_LIMITS.fieldValue);
      if (len(field.name) === 0 || len(field.value) === 0) problems.push(`${at}.fields[${j}]: empty name or value`);
    });
    total += len(embed.title) + len(embed.description) + len(embed.footer?.text) + len(embed.author?.name);
    total += fields.reduce((n, f) => n + len(f.name) + len(f.value), 0);
  });
  if (total > DISCORD_LIMITS.embedTotal) problems.push(`embeds: ${total} characters in all > ${DISCORD_LIMITS.embedTotal}`);

  const rows: Json[] = Array.isArray(body.components) ? body.components : [];
  if (rows.length > DISCORD_LIMITS.actionRows) problems.push(`components: ${rows.length} action rows > ${DISCORD_LIMITS.actionRows}`);
  rows.forEach((row, i) => {
    const items: Json[] = Array.isArray(row.components) ? row.components : [];
    const buttons = items.filter((c) => c.type === 2);
    if (buttons.length > DISCORD_LIMITS.buttonsPerRow) problems.push(`components[${i}]: ${buttons.length} buttons > ${DISCORD_LIMITS.buttonsPerRow}`);
    if (items.some((c) => c.type !== 2) && items.length > 1) problems.push(`components[${i}]: a select menu must be alone in its row`);
    items.forEach((item, j) => {
      const at = `components[${i}].components[${j}]`;
      over(`${at}.custom_id`, item.custom_id, DISCORD_LIMITS.customId);
      if (item.type === 2) over(`${at}.label`, item.label, DISCORD_LIMITS.buttonLabel);
      over(`${at}.placeholder`, item.placeholder, DISCORD_LIMITS.placeholder);
      const options: Json[] = Array.isArray(item.options) ? item.options : [];
      if (options.length > DISCORD_LIMITS.selectOptions) problems.push(`${at}.options: ${options.length} > ${DISCORD_LIMITS.selectOptions}`);
      options.forEach((option, k) => {
        for (const key of ['label', 'value', 'description']) over(`${at}.options[${k}].${key}`, option[key], DISCORD_LIMITS.selectOptionText);
      });
    });
  });
  return problems;
}

/** Problems with an autocomplete result (interaction callback type 8). */
export function autocompleteLimitViolations(data: Json | null | undefined): string[] {
  const choices: Json[] = Array.isArray(data?.choices) ? data.choices : [];
  const problems: string[] = [];
  if (choices.length > DISCORD_LIMITS.choices) problems.push(`choices: ${choices.length} > ${DISCORD_LIMITS.choices}`);
  choices.forEach((choice, i) => {
    const name = len(choice.name);
    if (name < 1 || name > DISCORD_LIMITS.choiceName) problems.push(`choices[${i}].name: ${name} characters (1–${DISCORD_LIMITS.choiceName})`);
    if (typeof choice.value === 'string' && len(choice.value) > DISCORD_LIMITS.choiceValue) problems.push(`choices[${i}].value: ${len(choice.value)} characters > ${DISCORD_LIMITS.choiceValue}`);
  });
  return problems;
}
