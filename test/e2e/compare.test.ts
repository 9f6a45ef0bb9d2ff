/** /compare models and /compare topic through the real discord.js client against the fake Discord. */
import { MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackOf, editOriginalOf, followUpOf, startBot, visibleText, type BotHarness, type RecordedRequest } from './fake-discord/index.js';

let h: BotHarness;

beforeAll(async () => {
  h = await startBot();
});

afterAll(async () => {
  await h?.stop();
});

async function compare(subcommand: string, options: Record<string, string>): Promise<RecordedRequest> {
  const interaction = h.fake.slash('compare', options, h.fake.users.alice, { subcommand });
  const at = h.fake.interact(interaction);
  return h.fake.waitFor((r) => editOriginalOf(interaction)(r) || followUpOf(interaction)(r), { since: at, timeout: 10_000 });
}

function fieldsOf(body: Record<string, any>): Array<{ name: string; value: string }> {
  return (body.embeds as Array<{ fields?: Array<{ name: string; value: string }> }>).flatMap((e) => e.fields ?? []);
}

describe('/compare', () => {
  it('models: a side-by-side table, every fact cited, sources listed with links', async () => {
    const reply = await compare('models', { a: 'llama-2-70b', b: 'gpt-4o' });
    expect(reply.route).toBe('PATCH /webhooks/:app/:token/messages/:message');
    const fields = fieldsOf(reply.body);
    const names = fields.map((f) => f.name);
    for (const row of ['License', 'Open weights', 'Commercial use', 'User caps', 'Hosting limits', 'Use of outputs to train other models', 'Training on your data', 'Price (per 1M tokens)', 'Context window']) {
      expect(names).toContain(row);
    }
    const userCaps = fields.find((f) => f.name === 'User caps')!.value;
    expect(userCaps).toMatch(/\*\*Llama 2 70B:\*\*.*700.*\[\d+\]/i);
    const sources = fields.filter((f) => f.name.startsWith('Sources')).map((f) => f.value).join('\n');
    const cited = new Set([...fields.filter((f) => !f.name.startsWith('Sources')).map((f) => f.value).join('\n').matchAll(/\[(\d+)\]/g)].map((m) => m[1]));
    for (const n of cited) expect(sources).toMatch(new RegExp(`\\[${n}\\] \\[[^\\]]+\\]\\(https?://`));
    for (const embed of reply.body.embeds as Array<Record<string, any>>) expect(JSON.stringify(embed).length).toBeLessThan(6000);
    for (const field of fields) expect(field.value.length).toBeLessThanOrEqual(1024);
  });

  it('models: an unknown model gets a private error with the closest matches', async () => {
    const reply = await compare('models', { a: 'llama-2-7O', b: 'gpt-4o' });
    expect(reply.route).toBe('POST /webhooks/:app/:token');
    expect(reply.body.flags).toBe(MessageFlags.Ephemeral);
    expect(reply.body.content).toMatch(/I don't know the model "llama-2-7O"\. Did you mean .*`llama-2-7(0b|b)`/);
  });

  it('models: autocomplete offers catalog models', async () => {
    const interaction = h.fake.autocomplete('compare', { a: 'mistr' }, 'a', h.fake.users.alice, { subcommand: 'models' });
    const at = h.fake.interact(interaction);
    const response = await h.fake.waitFor(callbackOf(interaction), { since: at });
    expect(response.body.type).toBe(8);
    expect((response.body.data.choices as Array<{ value: string }>).map((c) => c.value)).toContain('mistral-7b');
  });

  it('topic: open versus closed on cost, from the article, cited', async () => {
    const reply = await compare('topic', { aspect: 'cost' });
    const text = visibleText(reply.body);
    expect(text).toContain('Open vs closed LLMs: Cost');
    expect(text).toMatch(/\*\*Open:\*\* .*free/i);
    expect(text).toMatch(/\*\*Closed:\*\* .*(fees|costs)/i);
    expect(text).toMatch(/Comparing Open-Source and Closed LLMs\]\(https:\/\//);
  });
});
