/** /compare models on current open-weight models through the real discord.js client against the fake Discord. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editOriginalOf, followUpOf, startBot, type BotHarness } from './fake-discord/index.js';

let h: BotHarness;

beforeAll(async () => {
  h = await startBot();
});

afterAll(async () => {
  await h?.stop();
});

describe('/compare models gpt-oss-120b deepseek-v3', () => {
  it('renders every cell cited, and every source linked and dated', async () => {
    const interaction = h.fake.slash('compare', { a: 'gpt-oss-120b', b: 'deepseek-v3' }, h.fake.users.alice, { subcommand: 'models' });
    const at = h.fake.interact(interaction);
    const reply = await h.fake.waitFor((r) => editOriginalOf(interaction)(r) || followUpOf(interaction)(r), { since: at, timeout: 10_000 });
    const fields = (reply.body.embeds as Array<{ fields?: Array<{ name: string; value: string }> }>).flatMap((e) => e.fields ?? []);
    const rows = fields.filter((f) => !f.name.startsWith('Sources'));
    expect(rows).toHaveLength(9);
    for (const row of rows) {
      const lines = row.value.split('\n');
      expect(lines, row.name).toHaveLength(2);
      for (const line of lines) expect(line, row.name).toMatch(/^\*\*(gpt-oss-120b|DeepSeek-V3):\*\* .+ \[\d+\]$/);
    }
    expect(rows.find((f) => f.name === 'Commercial use')!.value).toMatch(/\*\*DeepSeek-V3:\*\* .*military/);
    const sources = fields.filter((f) => f.name.startsWith('Sources')).map((f) => f.value).join('\n');
    const cited = new Set([...rows.map((f) => f.value).join('\n').matchAll(/\[(\d+)\]/g)].map((m) => m[1]));
    for (const n of cited) expect(sources).toMatch(new RegExp(`\\[${n}\\] \\[[^\\]]+\\]\\(https?://[^)]+\\) \\(as of \\d{4}-\\d{2}-\\d{2}`));
    expect(sources).toMatch(/gpt-oss/);
    expect(sources).toMatch(/DeepSeek License Agreement/);
    for (const embed of reply.body.embeds as Array<Record<string, unknown>>) expect(JSON.stringify(embed).length).toBeLessThan(6000);
    for (const field of fields) expect(field.value.length).toBeLessThanOrEqual(1024);
  });
});
