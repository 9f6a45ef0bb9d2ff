/**
 * Backend switching in Discord, end to end: the real bot and services against a fake Discord
 * and a fake OpenAI server. /model list | use | default | policy, autocomplete, /ask backend:,
 * the open-only policy refusing a closed backend, fallback, and /usage.
 */
import { MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeProvider } from '../fakes/providers/index.js';
import { callbackOf, editOriginalOf, followUpOf, startBot, visibleText, type BotHarness, type RecordedRequest } from './fake-discord/index.js';

const OPENAI_KEY = 'sk-e2e-openai-SECRET-9876543210';
const QUESTION = 'Can we use Llama 2 in a product with 800 million monthly active users?';

let h: BotHarness;
let openai: FakeProvider;

beforeAll(async () => {
  openai = await startFakeOpenAi({ kind: 'answer', text: 'Above 700 million monthly active users you must ask Meta for a license [1]. Some disagree [9].', inputTokens: 1200, outputTokens: 40 });
  h = await startBot({
    env: {
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_BASE_URL: openai.url,
      OLLAMA_MODELS: 'llama2',
      PARLEY_BACKEND_MAX_RETRIES: '0',
      PARLEY_BACKEND_TIMEOUT_MS: '8000',
    },
  });
});

afterAll(async () => {
  await h?.stop();
  await openai?.close();
});

async function run(name: string, options: Record<string, string>, user = h.fake.world.users.alice, subcommand?: string, channel?: string): Promise<RecordedRequest> {
  const interaction = h.fake.slash(name, options, user, { ...(subcommand ? { subcommand } : {}), ...(channel ? { channel } : {}) });
  const at = h.fake.interact(interaction);
  // The reply: an edit of the deferred reply, a follow-up (errors), or an immediate reply (permission refusals).
  const reply = await h.fake.waitFor((r) => editOriginalOf(interaction)(r) || followUpOf(interaction)(r) || (callbackOf(interaction)(r) && r.body.type === 4), { since: at });
  return reply.body.type === 4 ? { ...reply, body: reply.body.data } : reply;
}

describe('/model and backends in Discord', () => {
  it('/model list shows every backend: open/closed, license and price, availability or why not, and yours', async () => {
    const reply = await run('model', {}, h.fake.world.users.alice, 'list');
    const text = visibleText(reply.body);
    expect(text).toContain('You are on `local`');
    expect(text).toMatch(/🟢 open · `ollama:llama2`/);
    expect(text).toMatch(/🔒 closed · `openai:gpt-4o`.*\n.*✅ available/);
    expect(text).toMatch(/`anthropic:claude-sonnet-4-20250514`.*\n.*⚠️ set ANTHROPIC_API_KEY/);
    expect(text).toMatch(/`local`.*← \*\*you are here\*\*/);
    expect(text).not.toContain('SECRET');
  });

  it('autocompletes backend names, labelled open or closed', async () => {
    const interaction = h.fake.autocomplete('model', { backend: 'gpt' }, 'backend', h.fake.world.users.alice, { subcommand: 'use' });
    h.fake.interact(interaction);
    const response = await h.fake.waitFor(callbackOf(interaction));
    expect(response.body.type).toBe(8);
    const choices = response.body.data.choices as Array<{ name: string; value: string }>;
    expect(choices.map((c) => c.value)).toEqual(['openai:gpt-4o', 'openai:gpt-4o-mini', 'openai:gpt-4']);
    expect(choices[0]!.name).toBe('openai:gpt-4o · closed');

    const onAsk = h.fake.autocomplete('ask', { question: 'x', backend: 'ollama:mistral' }, 'backend');
    h.fake.interact(onAsk);
    const askChoices = (await h.fake.waitFor(callbackOf(onAsk))).body.data.choices as Array<{ name: string; value: string }>;
    expect(askChoices[0]).toEqual({ name: 'ollama:mistral · open', value: 'ollama:mistral' });
  });

  it('/model use switches my backend; /ask then streams from it with tokens and cost in the footer', async () => {
    const confirm = await run('model', { backend: 'openai:gpt-4o' }, h.fake.world.users.bob, 'use');
    expect(visibleText(confirm.body)).toContain('answered by `openai:gpt-4o` (🔒 closed)');

    const before = openai.requests.length;
    const ask = h.fake.slash('ask', { question: QUESTION }, h.fake.world.users.bob);
    const at = h.fake.interact(ask);
    const edit = await h.fake.waitFor((r) => editOriginalOf(ask)(r) && Boolean((r.body.embeds as Array<{ footer?: unknown }>)?.[0]?.footer), { since: at });
    const embed = (edit.body.embeds as Array<{ description: string; footer: { text: string }; fields?: Array<{ value: string }> }>)[0]!;
    expect(embed.description).toBe('Above 700 million monthly active users you must ask Meta for a license [1]. Some disagree.');
    expect(embed.fields?.[0]?.value).toMatch(/^\*\*\[1\]\*\* /);
    expect(embed.footer.text).toMatch(/^openai:gpt-4o · [\d.]+ (ms|s) · 1240 tokens \(1200 in, 40 out\) · \$0\.0034$/);
    expect(openai.requests.length).toBe(before + 1);
    expect(openai.requests.at(-1)!.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    // Alice did not switch: she still gets the local answer.
    const aliceAsk = await run('ask', { question: QUESTION });
    expect(visibleText(aliceAsk.body)).toMatch(/local · \d+ ms/);
  });

  it('/model default and /model policy need Manage Server', async () => {
    const refused = await run('model', { mode: 'open-only' }, h.fake.world.users.alice, 'policy');
    expect(visibleText(refused.body)).toMatch(/Manage Server/i);
    const refusedDefault = await run('model', { backend: 'ollama:llama2' }, h.fake.world.users.alice, 'default');
    expect(visibleText(refusedDefault.body)).toMatch(/Manage Server/i);
  });

  it('an open-only channel refuses /ask backend:openai:gpt-4o and a personal closed choice, with the reason', async () => {
    const other = h.fake.world.threadId;
    const set = await run('model', { mode: 'open-only' }, h.fake.world.users.admin, 'policy', other);
    expect(visibleText(set.body)).toContain('open-only');

    const before = openai.requests.length;
    const ask = h.fake.slash('ask', { question: QUESTION, backend: 'openai:gpt-4o' }, h.fake.world.users.alice, { channel: other });
    h.fake.interact(ask);
    const reply = await h.fake.waitFor(followUpOf(ask));
    expect(reply.body.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(reply.body.content).toMatch(/open-models-only: `openai:gpt-4o` is a closed model/);

    const bobs = h.fake.slash('ask', { question: QUESTION }, h.fake.world.users.bob, { channel: other });
    h.fake.interact(bobs);
    expect((await h.fake.waitFor(followUpOf(bobs))).body.content).toMatch(/your personal choice/);
    expect(openai.requests.length).toBe(before);

    // Open backends still answer there. Set in a thread, the policy is its channel's: back to any for the rest.
    expect(visibleText((await run('ask', { question: QUESTION, backend: 'local' }, h.fake.world.users.alice, undefined, other)).body)).toMatch(/local · /);
    expect(await h.services.backends.selection.policy({ channelId: h.fake.world.channelId })).toBe('open-only');
    await run('model', { mode: 'any' }, h.fake.world.users.admin, 'policy', other);
  });

  it('falls back to the local answer when the backend fails, saying which and why', async () => {
    openai.behave({ kind: 'status', status: 503 });
    try {
      const reply = await run('ask', { question: QUESTION, backend: 'openai:gpt-4o' });
      const text = visibleText(reply.body);
      expect(text).toMatch(/700 ?M|700 million/);
      expect(text).toMatch(/local · .*fell back from openai:gpt-4o \(HTTP 503 \(server error\)\)/);
      expect(text).not.toContain('SECRET');
    } finally {
      openai.behave({ kind: 'answer', text: 'Ok [1].' });
    }
  });

  it('streams a long answer: at most one edit per second, continuing in a follow-up, then the final answer over it', async () => {
    const sentence = 'Above 700 million monthly active users you must ask Meta for a separate license [1]. ';
    openai.behave({ kind: 'answer', text: sentence.repeat(64).trim(), paceMs: 90, piecesPerPause: 25, inputTokens: 900, outputTokens: 1100 });
    try {
      const ask = h.fake.slash('ask', { question: QUESTION, backend: 'openai:gpt-4o' }, h.fake.world.users.carol);
      const at = h.fake.interact(ask);
      const isFinal = (r: RecordedRequest) => r.method === 'PATCH' && r.route === 'PATCH /webhooks/:app/:token/messages/:message' && Boolean((r.body.embeds as Array<{ footer?: unknown }>)?.[0]?.footer);
      const final = await h.fake.waitFor((r) => r.path.includes(ask.token) && !r.path.endsWith('@original') && isFinal(r), { since: at, timeout: 15_000 });
      const mine = h.fake.requests.filter((r) => r.path.includes(ask.token) && r.at >= at);
      const streamedEdits = mine.filter((r) => r.method === 'PATCH' && ((r.body.embeds as Array<{ description?: string }>)?.[0]?.description ?? '').endsWith(' …'));
      expect(streamedEdits.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < streamedEdits.length; i++) {
        // A flush may edit the full first message and the growing second one together; flushes are ≥ 1 s apart.
        const gap = streamedEdits[i]!.at - streamedEdits[i - 1]!.at;
        expect(gap < 50 || gap >= 950).toBe(true);
      }
      // The text outgrew one embed during the stream: a follow-up was created while streaming…
      const followUps = mine.filter((r) => r.route === 'POST /webhooks/:app/:token');
      expect(followUps).toHaveLength(1);
      expect(followUps[0]!.at).toBeLessThan(final.at);
      // …and the final answer is written over the streamed messages: title first, sources and footer last.
      const firstFinal = mine.filter((r) => r.method === 'PATCH' && r.path.endsWith('@original')).at(-1)!;
      expect((firstFinal.body.embeds as Array<{ title?: string; description: string }>)[0]).toMatchObject({ title: QUESTION });
      expect((firstFinal.body.embeds as Array<{ description: string }>)[0]!.description.endsWith(' …')).toBe(false);
      const lastEmbed = (final.body.embeds as Array<{ footer: { text: string }; fields?: Array<{ name: string }> }>)[0]!;
      expect(lastEmbed.footer.text).toMatch(/^openai:gpt-4o · [\d.]+ s · 2000 tokens/);
      expect(lastEmbed.fields?.[0]?.name).toBe('Sources');
    } finally {
      openai.behave({ kind: 'answer', text: 'Ok [1].' });
    }
  });

  it('/usage shows tokens and estimated spend per backend', async () => {
    const reply = await run('usage', { period: 'today' });
    const text = visibleText(reply.body);
    expect(text).toMatch(/`openai:gpt-4o` — 2 answers · 2,100 in \/ 1,140 out tokens · ≈ \$0\.0167 \(prices as of \d{4}-\d{2}-\d{2}\)/);
    expect(text).toMatch(/Total:/);
  });

  it('keeps secrets out of every log line', () => {
    expect(JSON.stringify(h.logs)).not.toContain('SECRET');
  });
});
