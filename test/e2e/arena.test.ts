/**
 * The arena end to end: real discord.js client against the fake Discord, real LangChain clients
 * against fake OpenAI and Ollama servers. Same context to both, blind reveal, votes, leaderboard.
 */
import { MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arenaRefreshesIdle } from '../../src/discord/components/arena.js';
import { startFakeOllama, startFakeOpenAi, type FakeProvider } from '../fakes/providers/index.js';
import { callbackOf, editOriginalOf, followUpOf, startBot, type ApiMessage, type BotHarness, type FakeUser, type RecordedRequest } from './fake-discord/index.js';

const QUESTION = 'Can we use Llama 2 in a product with 800 million monthly active users?';
let h: BotHarness;
let openai: FakeProvider;
let ollama: FakeProvider;

beforeAll(async () => {
  openai = await startFakeOpenAi({ kind: 'answer', text: 'CLOSED-ANSWER: above 700 million MAU you need a license from Meta [1].', inputTokens: 900, outputTokens: 30 });
  ollama = await startFakeOllama({ kind: 'answer', text: 'OPEN-ANSWER: the Llama 2 license caps free use at 700 million MAU [1].', inputTokens: 900, outputTokens: 30 });
  h = await startBot({
    env: {
      OPENAI_API_KEY: 'sk-e2e-arena-SECRET-0123456789',
      OPENAI_BASE_URL: openai.url,
      OLLAMA_BASE_URL: ollama.url,
      OLLAMA_MODELS: 'llama2',
      PARLEY_BACKEND_MAX_RETRIES: '0',
      PARLEY_BACKEND_TIMEOUT_MS: '3000',
    },
  });
});

afterAll(async () => {
  await h?.stop();
  await openai?.close();
  await ollama?.close();
});

async function command(name: string, options: Record<string, string | boolean>, user: FakeUser, subcommand?: string, channel?: string): Promise<RecordedRequest> {
  const interaction = h.fake.slash(name, options, user, { ...(subcommand ? { subcommand } : {}), ...(channel ? { channel } : {}) });
  const at = h.fake.interact(interaction);
  const reply = await h.fake.waitFor((r) => editOriginalOf(interaction)(r) || followUpOf(interaction)(r) || (callbackOf(interaction)(r) && r.body.type === 4), { since: at, timeout: 10_000 });
  return reply.body.type === 4 ? { ...reply, body: reply.body.data } : reply;
}

async function vote(message: ApiMessage, matchId: string, outcome: string, user: FakeUser): Promise<Record<string, any>> {
  const interaction = h.fake.button(`arena:vote:${matchId}:${outcome}`, message, user);
  const at = h.fake.interact(interaction);
  return (await h.fake.waitFor(callbackOf(interaction), { since: at, timeout: 5_000 })).body;
}

function matchOf(reply: RecordedRequest): { matchId: string; message: ApiMessage } {
  const ids = (reply.body.components as Array<{ components: Array<{ custom_id: string }> }>).flatMap((r) => r.components.map((c) => c.custom_id));
  expect(ids.map((id) => id.split(':')[3])).toEqual(['a', 'b', 'tie', 'bad']);
  const matchId = ids[0]!.split(':')[2]!;
  const message = [...h.fake.messages.values()].find((m) => JSON.stringify(m.components).includes(`arena:vote:${matchId}:a`))!;
  return { matchId, message };
}

const titles = (message: ApiMessage) => (message.embeds as Array<{ title: string }>).map((e) => e.title);

describe('/compare answers and /leaderboard', () => {
  it('sends the same retrieved context to both backends and shows answers A and B with vote buttons', async () => {
    const { alice } = h.fake.users;
    const reply = await command('compare', { question: QUESTION, a: 'ollama:llama2', b: 'openai:gpt-4o' }, alice, 'answers');
    const { matchId, message } = matchOf(reply);
    expect(titles(message)).toEqual(['Answer A · ollama:llama2', 'Answer B · openai:gpt-4o']);
    const descriptions = (message.embeds as Array<{ description: string }>).map((e) => e.description);
    expect(descriptions[0]).toContain('OPEN-ANSWER');
    expect(descriptions[1]).toContain('CLOSED-ANSWER');
    // One retrieval, the same passages in both prompts.
    const passages = (prompt: string) => [...prompt.matchAll(/Llama 2 Community License[^\n]*/g)].map((m) => m[0]).sort();
    expect(passages(openai.requests.at(-1)!.prompt).length).toBeGreaterThan(0);
    expect(passages(ollama.requests.at(-1)!.prompt)).toEqual(passages(openai.requests.at(-1)!.prompt));

    const confirmation = await vote(message, matchId, 'b', alice);
    expect(confirmation).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
    expect(confirmation.data.content).toMatch(/Recorded: \*\*B is better\*\*/);
    const changed = await vote(message, matchId, 'a', alice);
    expect(changed.data.content).toMatch(/Changed your vote to \*\*A is better\*\*/);
    expect(JSON.stringify(h.fake.requests.map((r) => r.body))).not.toContain('SECRET');
  });

  it('blind: names hidden on the message, revealed to each voter privately, then publicly after 3 votes', async () => {
    const { alice, bob, carol } = h.fake.users;
    const reply = await command('compare', { question: QUESTION, a: 'ollama:llama2', b: 'openai:gpt-4o', blind: true }, alice, 'answers');
    const { matchId, message } = matchOf(reply);
    expect(titles(message)).toEqual(['Answer A', 'Answer B']);
    expect(JSON.stringify(reply.body)).not.toMatch(/ollama:llama2|openai:gpt-4o/);

    const first = await vote(message, matchId, 'a', bob);
    expect(first.data.content).toMatch(/A was `(ollama:llama2|openai:gpt-4o)`, B was `(ollama:llama2|openai:gpt-4o)`/);
    await arenaRefreshesIdle();
    expect(titles(h.fake.messages.get(message.id)!)).toEqual(['Answer A', 'Answer B']);
    expect(h.fake.messages.get(message.id)!.content).toContain('1 vote');

    await vote(message, matchId, 'a', carol);
    await vote(message, matchId, 'tie', alice);
    await arenaRefreshesIdle();
    const revealed = titles(h.fake.messages.get(message.id)!);
    expect(revealed.map((t) => t.replace(/^Answer [AB] · /, '')).sort()).toEqual(['ollama:llama2', 'openai:gpt-4o']);
    const aBackend = revealed[0]!.replace('Answer A · ', '');
    expect(first.data.content).toContain(`A was \`${aBackend}\``);
  });

  it('refuses a closed backend in an open-only channel', async () => {
    const { admin, alice } = h.fake.users;
    const thread = h.fake.world.threadId;
    await command('model', { mode: 'open-only' }, admin, 'policy', thread);
    const refused = await command('compare', { question: QUESTION, a: 'ollama:llama2', b: 'openai:gpt-4o' }, alice, 'answers', thread);
    expect(refused.body.flags).toBe(MessageFlags.Ephemeral);
    expect(refused.body.content).toMatch(/openai:gpt-4o/);
    expect(refused.body.content).toMatch(/open/i);
  });

  it('/leaderboard shows each backend’s rating, wins, losses, ties and votes for this server', async () => {
    const reply = await command('leaderboard', {}, h.fake.users.alice);
    const description = (reply.body.embeds as Array<{ description: string }>)[0]!.description;
    const lines = description.split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^\*\*[12]\. `(ollama:llama2|openai:gpt-4o)`\*\* — \*\*\d+\*\* · \d+ W · \d+ L · \d+ T · 4 votes$/);
    // Match 1: A (ollama) better. Blind match: two votes for A, one tie. Whoever sat in A leads.
    const ratings = lines.map((l) => Number(/— \*\*(\d+)\*\*/.exec(l)![1]));
    expect(ratings[0]!).toBeGreaterThan(ratings[1]!);
  });
});
