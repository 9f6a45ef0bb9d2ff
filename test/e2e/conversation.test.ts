/**
 * Conversations: @mention Parley or reply to it, in a channel or a thread. The reply chain is the
 * memory — fetched from Discord, so it survives a restart — and bots (itself included) are ignored.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelMessageIn, mention, snowflake, startBot, type ApiMessage, type BotHarness, type RecordedRequest } from './fake-discord/index.js';

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

const description = (request: RecordedRequest): string => (request.body.embeds as Array<{ description: string }>)[0]!.description;
const sourcesField = (request: RecordedRequest): string => (request.body.embeds as Array<{ fields?: Array<{ value: string }> }>)[0]!.fields?.[0]?.value ?? '';

/** The bot's reply to `message`, as stored by the fake (so it can be replied to in turn). */
async function replyTo(message: ApiMessage, since: number): Promise<{ request: RecordedRequest; stored: ApiMessage }> {
  const request = await h.fake.waitFor((r) => channelMessageIn(message.channel_id)(r) && r.body.message_reference?.message_id === message.id, { since });
  const stored = h.fake.botMessages(message.channel_id).find((m) => m.message_reference?.message_id === message.id)!;
  return { request, stored };
}

describe('conversations', () => {
  it('answers an @mention with a reply that pings only the asker, and a reply-chain follow-up uses the earlier turn', async () => {
    const bot = h.fake.world.bot;
    const question = h.fake.userMessage(`${mention(bot)} What license is Gemma released under?`, h.fake.users.alice, { mentions: [bot] });
    const at = h.fake.post(question);
    const first = await replyTo(question, at);
    expect(description(first.request)).toMatch(/Gemma/);
    expect(first.request.body.allowed_mentions).toEqual({ parse: [], replied_user: true });

    // A reply without a ping: Parley recognises the reply to its own message. Asked alone, "its user
    // cap" is Llama 2's 700M cap; in this conversation it is Gemma's, and Gemma has none.
    const followUp = h.fake.userMessage('what about its user cap?', h.fake.users.alice, { reference: first.stored, pingReplied: false });
    const spy = vi.spyOn(h.services.answers, 'ask');
    const at2 = h.fake.post(followUp);
    const second = await replyTo(followUp, at2);
    expect(description(second.request)).toMatch(/no monthly-active-users threshold|no user cap/);
    expect(description(second.request)).not.toMatch(/700/);
    expect(sourcesField(second.request)).toMatch(/^\*\*\[1\]\*\* \[Gemma Terms of Use — §2\.2 /);
    expect(sourcesField(second.request)).not.toMatch(/Llama/);
    const input = spy.mock.calls[0]![1];
    expect(input.question).toBe('what about its user cap?');
    expect(input.history?.map((turn) => turn.role)).toEqual(['user', 'assistant']);
    expect(input.history?.[0]?.content).toBe('What license is Gemma released under?');
  });

  it('rebuilds the chain from Discord after a restart (messages it never saw are fetched)', async () => {
    const bot = h.fake.world.bot;
    const { channelId, guildId } = h.fake.world;
    // An earlier exchange from before the restart: known to Discord (the fake), not to this client.
    const oldQuestion = h.fake.userMessage('Can we use Falcon 180B to offer a hosted API?', h.fake.users.bob);
    const oldAnswer: ApiMessage = {
      ...h.fake.userMessage('', h.fake.users.bob),
      id: snowflake(),
      author: { id: bot.id, username: bot.username, discriminator: '0', avatar: null, bot: true, global_name: 'Parley' },
      embeds: [{ type: 'rich', description: 'Falcon 180B’s license restricts hosting use: offering it as a hosted service needs a separate license [1].' }],
      message_reference: { type: 0, message_id: oldQuestion.id, channel_id: channelId, guild_id: guildId },
      type: 19,
    };
    h.fake.messages.set(oldQuestion.id, oldQuestion);
    h.fake.messages.set(oldAnswer.id, oldAnswer);

    const spy = vi.spyOn(h.services.answers, 'ask');
    const followUp = { ...h.fake.userMessage('and what if we only use it internally?', h.fake.users.bob, { reference: oldAnswer }), referenced_message: undefined };
    const at = h.fake.post(followUp);
    const { request } = await replyTo(followUp, at);
    expect(h.fake.requests.filter((r) => r.at >= at && r.method === 'GET').map((r) => r.path)).toEqual([`/channels/${channelId}/messages/${oldAnswer.id}`, `/channels/${channelId}/messages/${oldQuestion.id}`]);
    // The fetched chain decides the answer: Falcon 180B's background-use clause, not some other license.
    expect(sourcesField(request)).toMatch(/^\*\*\[1\]\*\* \[Falcon 180B TII License — /);
    expect(sourcesField(request)).toMatch(/\[Falcon 180B TII License — §9\.2 /);
    expect(spy.mock.calls[0]![1].history).toEqual([
      { role: 'user', content: 'Can we use Falcon 180B to offer a hosted API?' },
      { role: 'assistant', content: oldAnswer.embeds[0].description },
    ]);
  });

  it('works in a thread', async () => {
    const bot = h.fake.world.bot;
    const question = h.fake.userMessage(`${mention(bot)} Is Mistral 7B Apache 2.0?`, h.fake.users.carol, { mentions: [bot], channel: h.fake.world.threadId });
    const at = h.fake.post(question);
    const { request } = await replyTo(question, at);
    expect(request.path).toBe(`/channels/${h.fake.world.threadId}/messages`);
    expect(description(request)).toMatch(/Apache/);
  });

  it('pings nobody even when the answer says @everyone, @here, or mentions a role or user', async () => {
    const bot = h.fake.world.bot;
    vi.spyOn(h.services.answers, 'ask').mockResolvedValueOnce({
      question: 'q',
      answer: `@everyone @here <@&${h.fake.world.adminRoleId}> <@${h.fake.users.bob.id}> the license changed!`,
      sources: [],
      backend: 'local',
      latencyMs: 3,
      covered: true,
      usage: null,
      costUsd: null,
    });
    const question = h.fake.userMessage(`${mention(bot)} anything new?`, h.fake.users.alice, { mentions: [bot] });
    const at = h.fake.post(question);
    const { request } = await replyTo(question, at);
    expect(description(request)).toContain('@everyone');
    expect(request.body.allowed_mentions).toEqual({ parse: [], replied_user: true });
  });

  it('ignores other bots, itself, and messages that neither mention nor reply to it', async () => {
    const bot = h.fake.world.bot;
    const spy = vi.spyOn(h.services.answers, 'ask');
    const since = performance.now();
    h.fake.post(h.fake.userMessage(`${mention(bot)} Is BLOOM open?`, h.fake.users.otherBot, { mentions: [bot] }));
    h.fake.post(h.fake.userMessage(`${mention(bot)} talking to myself`, bot, { mentions: [bot] }));
    h.fake.post(h.fake.userMessage('Is BLOOM open? (not for the bot)', h.fake.users.alice));
    // A mention that is answered proves the three above were processed (and ignored) first.
    const probe = h.fake.userMessage(`${mention(bot)}`, h.fake.users.alice, { mentions: [bot] });
    h.fake.post(probe);
    const { request } = await replyTo(probe, since);
    expect(request.body.content).toMatch(/Ask me a question/);
    expect(spy).not.toHaveBeenCalled();
    expect(h.fake.requests.filter((r) => r.at >= since && r.method === 'POST' && r.route === 'POST /channels/:channel/messages')).toHaveLength(1);
  });

  it('logs a reply Discord refuses (50013 Missing Permissions) and keeps serving', async () => {
    const bot = h.fake.world.bot;
    const question = h.fake.userMessage(`${mention(bot)} Is Gemma open source?`, h.fake.users.alice, { mentions: [bot] });
    h.fake.failNext((r) => channelMessageIn(question.channel_id)(r), { status: 403, code: 50013, message: 'Missing Permissions' });
    const at = h.fake.post(question);
    await vi.waitFor(() => expect(h.logs.find((line) => line.messageId === question.id && line.discordCode === 50013)).toBeDefined());
    const next = h.fake.userMessage(`${mention(bot)} Is Gemma open source?`, h.fake.users.alice, { mentions: [bot] });
    const at2 = h.fake.post(next);
    const { request } = await replyTo(next, at2);
    expect(description(request)).toMatch(/Gemma/);
    expect(at2).toBeGreaterThan(at);
    expect(h.clientErrors).toEqual([]);
  });

  it('passes who asked and where to the services: Manage Server (from the admin role) makes an admin', async () => {
    const bot = h.fake.world.bot;
    const spy = vi.spyOn(h.services.answers, 'ask');
    for (const user of [h.fake.users.admin, h.fake.users.alice]) {
      const question = h.fake.userMessage(`${mention(bot)} Is BLOOM open?`, user, { mentions: [bot], channel: h.fake.world.threadId });
      const at = h.fake.post(question);
      await replyTo(question, at);
    }
    expect(spy.mock.calls.map((call) => call[0])).toEqual([
      { guildId: h.fake.world.guildId, channelId: h.fake.world.threadId, parentChannelId: h.fake.world.channelId, userId: h.fake.users.admin.id, isAdmin: true },
      { guildId: h.fake.world.guildId, channelId: h.fake.world.threadId, parentChannelId: h.fake.world.channelId, userId: h.fake.users.alice.id, isAdmin: false },
    ]);
  });

  it('left the client error event empty and hit no unknown route', () => {
    expect(h.clientErrors).toEqual([]);
    expect(h.fake.unknownRoutes).toEqual([]);
  });
});
