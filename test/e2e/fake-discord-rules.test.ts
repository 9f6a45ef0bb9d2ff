/**
 * The fake Discord refuses what real Discord refuses, so a bot that passes against it does not
 * fail in production: the 3 s acknowledgement deadline, the 15-minute interaction token, empty
 * messages, and callbacks 6/7 acting on the message the component is on. Driven by plain HTTP
 * (no bot), so each rule is checked on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type ApiMessage, type FakeDiscord } from './fake-discord/index.js';

let fake: FakeDiscord;

beforeAll(async () => {
  fake = await startFakeDiscord();
});

afterAll(async () => {
  await fake?.stop();
});

async function call(method: string, path: string, body?: unknown, bot = false): Promise<{ status: number; body: any }> {
  const response = await fetch(`${fake.apiBaseUrl}/v10${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(bot ? { authorization: `Bot ${fake.token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const callback = (interaction: { id: string; token: string }, body: unknown) => call('POST', `/interactions/${interaction.id}/${interaction.token}/callback`, body);
const original = (interaction: { token: string }) => `/webhooks/${fake.world.applicationId}/${interaction.token}/messages/@original`;

async function botMessage(content: string): Promise<ApiMessage> {
  const sent = await call('POST', `/channels/${fake.world.channelId}/messages`, { content, components: [{ type: 1, components: [{ type: 2, custom_id: 'x:1', label: 'X', style: 1 }] }] }, true);
  expect(sent.status).toBe(200);
  return sent.body as ApiMessage;
}

describe('fake Discord rules', () => {
  it('an interaction not acknowledged within 3 s is unknown (10062)', async () => {
    const late = fake.slash('ask', { question: 'q' });
    fake.interact(late);
    fake.advanceClock(3_001);
    expect(await callback(late, { type: 5 })).toMatchObject({ status: 404, body: { code: 10062 } });

    const inTime = fake.slash('ask', { question: 'q' });
    fake.interact(inTime);
    fake.advanceClock(2_900);
    expect((await callback(inTime, { type: 5 })).status).toBe(204);
  });

  it('the interaction token works for 15 minutes, then 401 / 50027', async () => {
    const ask = fake.slash('ask', { question: 'q' });
    fake.interact(ask);
    expect((await callback(ask, { type: 5 })).status).toBe(204);
    fake.advanceClock(14 * 60_000);
    expect((await call('PATCH', original(ask), { content: 'still in time' })).status).toBe(200);
    fake.advanceClock(2 * 60_000);
    expect(await call('PATCH', original(ask), { content: 'too late' })).toMatchObject({ status: 401, body: { code: 50027 } });
    expect(await call('POST', `/webhooks/${fake.world.applicationId}/${ask.token}`, { content: 'too late' })).toMatchObject({ status: 401, body: { code: 50027 } });
  });

  it('an empty message is refused with 50006, as a reply, a follow-up, a channel message or an edit', async () => {
    const ask = fake.slash('ask', { question: 'q' });
    fake.interact(ask);
    expect(await callback(ask, { type: 4, data: { content: '' } })).toMatchObject({ status: 400, body: { code: 50006 } });
    expect((await callback(ask, { type: 4, data: { content: 'hello' } })).status).toBe(204);
    expect(await call('POST', `/webhooks/${fake.world.applicationId}/${ask.token}`, { content: '   ', embeds: [] })).toMatchObject({ status: 400, body: { code: 50006 } });
    expect(await call('PATCH', original(ask), { content: '' })).toMatchObject({ status: 400, body: { code: 50006 } });
    expect(await call('POST', `/channels/${fake.world.channelId}/messages`, { content: '' }, true)).toMatchObject({ status: 400, body: { code: 50006 } });
    expect((await call('PATCH', original(ask), { content: '', embeds: [{ description: 'an embed is enough' }] })).status).toBe(200);
  });

  it('callback 7 updates the component’s message; after 6, editing @original edits that message', async () => {
    const message = await botMessage('before');
    const update = fake.button('x:1', message);
    fake.interact(update);
    expect((await callback(update, { type: 7, data: { content: 'updated in place' } })).status).toBe(204);
    expect(fake.messages.get(message.id)!.content).toBe('updated in place');

    const deferred = fake.button('x:1', message);
    fake.interact(deferred);
    expect((await callback(deferred, { type: 6 })).status).toBe(204);
    const edited = await call('PATCH', original(deferred), { content: 'edited after a deferred update' });
    expect(edited).toMatchObject({ status: 200, body: { id: message.id } });
    expect(fake.messages.get(message.id)!.content).toBe('edited after a deferred update');
  });

  it('"fail after processing": the request takes effect, then a 5xx; the retry meets its effect (40060)', async () => {
    const ask = fake.slash('ask', { question: 'q' });
    fake.interact(ask);
    fake.failNext((r) => r.path.startsWith(`/interactions/${ask.id}/`), { status: 500, afterProcessing: true });
    expect((await callback(ask, { type: 5 })).status).toBe(500);
    expect(await callback(ask, { type: 5 })).toMatchObject({ status: 400, body: { code: 40060 } });
    expect((await call('PATCH', original(ask), { content: 'the deferral did happen' })).status).toBe(200);
  });

  it('threads carry their parent channel', () => {
    expect(fake.world.threadId).not.toBe(fake.world.channelId);
    const inThread = fake.slash('ask', { question: 'q' }, fake.users.alice, { channel: fake.world.threadId });
    expect(inThread.channel).toMatchObject({ id: fake.world.threadId, parent_id: fake.world.channelId });
  });
});
