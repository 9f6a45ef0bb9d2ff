/**
 * /ask end to end: real services over the real knowledge base, the real discord.js client,
 * a fake Discord. What a member sees: a deferred reply, then an embed with the answer, numbered
 * sources and a footer; private answers are ephemeral; long answers continue in follow-ups;
 * nothing pings anyone; a burst of 100 questions is acknowledged within Discord's 3 s.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MessageFlags } from 'discord.js';
import type { AnswerResult } from '../../src/core/types.js';
import { callbackOf, editOriginalOf, followUpOf, messageSendingRequests, startBot, type BotHarness, type RecordedRequest } from './fake-discord/index.js';

let h: BotHarness;

beforeAll(async () => {
  h = await startBot();
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await h?.stop();
});

interface EmbedJson {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
}
const embedOf = (request: RecordedRequest): EmbedJson => (request.body.embeds as EmbedJson[])[0]!;

describe('/ask', () => {
  it('answers in an embed with numbered, linked sources and a backend · latency footer', async () => {
    const question = 'Can we use Llama 2 in a product with 800 million monthly active users?';
    const interaction = h.fake.slash('ask', { question });
    const at = h.fake.interact(interaction);

    const ack = await h.fake.waitFor(callbackOf(interaction), { since: at });
    expect(ack.body).toMatchObject({ type: 5 });
    expect((ack.body.data?.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
    expect(ack.at - at).toBeLessThan(3000);

    const edit = await h.fake.waitFor(editOriginalOf(interaction), { since: at });
    const embed = embedOf(edit);
    expect(embed.title).toBe(question);
    expect(embed.description).toMatch(/700 ?M|700 million/);
    expect(embed.description).toMatch(/\[1\]/);
    const sources = embed.fields?.find((f) => f.name === 'Sources');
    expect(sources?.value).toMatch(/^\*\*\[1\]\*\* \[Llama 2 Community License — §2[^\]]*\]\(https:\/\/[^)]+\)/m);
    expect(embed.footer?.text).toMatch(/^local · \d+ ms/);
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('says plainly when the knowledge base does not cover the question, with no sources', async () => {
    const interaction = h.fake.slash('ask', { question: 'What is the best pizza topping?' });
    h.fake.interact(interaction);
    const embed = embedOf(await h.fake.waitFor(editOriginalOf(interaction)));
    expect(embed.description).toMatch(/doesn't cover|does not cover/i);
    expect(embed.fields ?? []).toEqual([]);
  });

  it('answers privately (ephemeral defer) when private is true', async () => {
    const interaction = h.fake.slash('ask', { question: 'Can I use GPT-4 outputs to train a competing model?', private: true });
    h.fake.interact(interaction);
    const ack = await h.fake.waitFor(callbackOf(interaction));
    expect(ack.body).toMatchObject({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    const edit = await h.fake.waitFor(editOriginalOf(interaction));
    expect(embedOf(edit).description?.length).toBeGreaterThan(20);
  });

  it('answers in a DM too (no guild, no member)', async () => {
    const interaction = h.fake.slash('ask', { question: 'Is Llama 2 open source?' }, h.fake.users.bob, { guild: null, channel: '1234567890123456789' });
    h.fake.interact(interaction);
    const spy = vi.spyOn(h.services.answers, 'ask');
    expect((await h.fake.waitFor(callbackOf(interaction))).body.type).toBe(5);
    expect(embedOf(await h.fake.waitFor(editOriginalOf(interaction))).description).toMatch(/llama ?2/i);
    expect(spy.mock.calls[0]![0]).toEqual({ guildId: null, channelId: '1234567890123456789', userId: h.fake.users.bob.id, isAdmin: false });
  });

  it('refuses an empty question with a private, polite message', async () => {
    const interaction = h.fake.slash('ask', { question: '   ' });
    h.fake.interact(interaction);
    const reply = await h.fake.waitFor(followUpOf(interaction));
    expect(reply.body.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(reply.body.content).not.toMatch(/error id/);
    expect(reply.body.content.length).toBeGreaterThan(10);
  });

  it('splits a long answer into follow-ups: ≤ 4,096 per embed, never mid-word, code fences intact, nothing pings', async () => {
    const paragraph = (i: number) => `Paragraph ${i}: @everyone and @here and <@&${h.fake.world.adminRoleId}> and <@${h.fake.users.bob.id}> should ping nobody; the licence terms differ between open-weight and closed models. `.repeat(6);
    const code = ['```python', ...Array.from({ length: 60 }, (_, i) => `print("line ${i} of a fenced example that must stay inside its fence")`), '```'].join('\n');
    const answer = [paragraph(1), paragraph(2), code, paragraph(3), paragraph(4), paragraph(5), paragraph(6), code, paragraph(7)].join('\n\n');
    expect(answer.length).toBeGreaterThan(9000);
    const long: AnswerResult = {
      question: 'long',
      answer,
      sources: [{ n: 1, title: 'Open vs closed LLMs', section: 'Licences', path: 'article-open-vs-closed-llms.md', url: null, snippet: '', score: 1 }],
      backend: 'local',
      latencyMs: 1234,
      covered: true,
      usage: { inputTokens: 1000, outputTokens: 2500 },
      costUsd: 0.0123,
    };
    vi.spyOn(h.services.answers, 'ask').mockResolvedValueOnce(long);

    const interaction = h.fake.slash('ask', { question: 'Tell me everything' });
    const at = h.fake.interact(interaction);
    await h.fake.waitFor(editOriginalOf(interaction), { since: at });
    // The last part carries the footer: wait for it, however many parts come before it.
    await vi.waitFor(() => expect(h.fake.requestsFor(interaction).filter(followUpOf(interaction)).some((r) => embedOf(r).footer)).toBe(true));
    const parts = [h.fake.requestsFor(interaction).find(editOriginalOf(interaction))!, ...h.fake.requestsFor(interaction).filter(followUpOf(interaction))];
    const descriptions = parts.map((p) => embedOf(p).description!);
    for (const text of descriptions) {
      expect(text.length).toBeLessThanOrEqual(4096);
      expect(text.split('\n').filter((line) => line.startsWith('```')).length % 2).toBe(0);
    }
    // Every word arrives whole and in order (fences may be closed and reopened between parts).
    const words = (text: string) => text.split(/\s+/).filter((w) => w !== '' && !w.startsWith('```'));
    expect(descriptions.flatMap(words)).toEqual(words(answer));
    // Sources and footer on the last part only.
    expect(embedOf(parts.at(-1)!).footer?.text).toBe('local · 1.2 s · 3500 tokens (1000 in, 2500 out) · $0.01');
    expect(embedOf(parts.at(-1)!).fields?.[0]?.value).toBe('**[1]** Open vs closed LLMs — Licences');
    expect(embedOf(parts[0]!).footer).toBeUndefined();
    for (const part of parts) expect(part.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('waits out a 429 on the answer edit and still delivers it, logging the rate limit', async () => {
    const interaction = h.fake.slash('ask', { question: 'Can we fine-tune Mistral 7B commercially?' });
    h.fake.failNext(editOriginalOf(interaction), { status: 429, retryAfter: 0.2 });
    const at = h.fake.interact(interaction);
    const edits: RecordedRequest[] = [];
    await vi.waitFor(() => {
      edits.splice(0, edits.length, ...h.fake.requests.filter((r) => r.at >= at && editOriginalOf(interaction)(r)));
      expect(edits).toHaveLength(2);
    });
    expect(edits[1]!.at - edits[0]!.at).toBeGreaterThanOrEqual(150);
    expect(embedOf(edits[1]!).description).toMatch(/Apache/);
    expect(h.logs.some((line) => String(line.msg).includes('rate limit') && String(line.route).includes('/webhooks/'))).toBe(true);
  });

  it('acknowledges 100 concurrent /ask within 3 s and answers them all', async () => {
    const questions = ['Is Llama 2 open source?', 'Can we fine-tune Mistral 7B commercially?', 'What does the Falcon 180B license forbid?', 'Does OpenAI train on API data?'];
    const users = Object.values(h.fake.users).filter((u) => !u.bot);
    const burst = Array.from({ length: 100 }, (_, i) => h.fake.slash('ask', { question: questions[i % questions.length]! }, users[i % users.length]));
    const sentAt = burst.map((interaction) => h.fake.interact(interaction));

    const acks = await Promise.all(burst.map((interaction, i) => h.fake.waitFor(callbackOf(interaction), { since: sentAt[i], timeout: 10_000 })));
    const answers = await Promise.all(burst.map((interaction, i) => h.fake.waitFor(editOriginalOf(interaction), { since: sentAt[i], timeout: 20_000 })));
    const ackLatency = acks.map((ack, i) => ack.at - sentAt[i]!).sort((a, b) => a - b);
    expect(acks.every((ack) => ack.body.type === 5)).toBe(true);
    expect(ackLatency.at(-1)).toBeLessThan(3000);
    for (const answer of answers) expect(embedOf(answer).description?.length).toBeGreaterThan(20);
    // Every interaction was acknowledged exactly once.
    expect(h.fake.requests.filter((r) => burst.some((b) => callbackOf(b)(r)))).toHaveLength(100);
  });

  it('kept every message free of pings, the client error event empty, and hit no unknown route', () => {
    const bodies = messageSendingRequests(h.fake.requests);
    expect(bodies.length).toBeGreaterThan(100);
    for (const { body } of bodies) expect((body.allowed_mentions as { parse: unknown[] }).parse).toEqual([]);
    expect(h.clientErrors).toEqual([]);
    expect(h.fake.unknownRoutes).toEqual([]);
  });
});
