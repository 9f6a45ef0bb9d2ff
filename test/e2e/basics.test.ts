/**
 * Login, command registration and the central router's guarantees (unknown command, permission,
 * cooldown, handler exception), against the real discord.js client and a fake Discord.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GatewayIntentBits, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { deployCommands } from '../../scripts/deploy-commands.js';
import { loadConfig } from '../../src/config.js';
import type { SlashCommand } from '../../src/discord/command.js';
import { commands } from '../../src/discord/commands/index.js';
import { callbackOf, editOriginalOf, followUpOf, messageSendingRequests, startBot, type BotHarness } from './fake-discord/index.js';

const explode: SlashCommand = {
  data: new SlashCommandBuilder().setName('explode').setDescription('test: always fails'),
  meta: { defer: 'public' },
  async execute() {
    throw new Error('kaboom: secret internal detail');
  },
};
const adminOnly: SlashCommand = {
  data: new SlashCommandBuilder().setName('admin-only').setDescription('test: needs Manage Server'),
  meta: { defer: 'ephemeral', requires: PermissionFlagsBits.ManageGuild },
  async execute(interaction) {
    await interaction.editReply('done, admin');
  },
};
const slow: SlashCommand = {
  data: new SlashCommandBuilder().setName('slowpoke').setDescription('test: cooldown'),
  meta: { defer: 'ephemeral', cooldownMs: 60_000 },
  async execute(interaction) {
    await interaction.editReply('ok');
  },
};

let h: BotHarness;

beforeAll(async () => {
  h = await startBot({ commands: [...commands, explode, adminOnly, slow] });
});

afterAll(async () => {
  await h?.stop();
});

describe('login', () => {
  it('identifies with only the intents Parley needs and becomes ready in the guild', () => {
    expect(h.fake.identifies).toHaveLength(1);
    const { intents, token } = h.fake.identifies[0]!;
    expect(token).toBe(h.fake.token);
    expect(intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent);
    expect(intents & GatewayIntentBits.GuildMembers).toBe(0);
    expect(intents & GatewayIntentBits.GuildPresences).toBe(0);
    expect(h.bot.client.user.id).toBe(h.fake.world.bot.id);
    expect(h.bot.client.guilds.cache.has(h.fake.world.guildId)).toBe(true);
  });
});

describe('deploy-commands', () => {
  it('registers every command in the dev guild when DISCORD_GUILD_ID is set, idempotently', async () => {
    const config = { ...h.config, discord: { ...h.config.discord, guildId: h.fake.world.guildId } };
    const first = await deployCommands(config);
    const second = await deployCommands(config);
    expect(first).toEqual(second);
    expect(first.scope).toBe('guild');
    const puts = h.fake.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.path)).toEqual([`/applications/${h.fake.world.applicationId}/guilds/${h.fake.world.guildId}/commands`, `/applications/${h.fake.world.applicationId}/guilds/${h.fake.world.guildId}/commands`]);
    const names = (h.fake.commands.guild.get(h.fake.world.guildId) as Array<{ name: string }>).map((c) => c.name);
    expect(names).toEqual(commands.map((c) => c.data.name));
    expect(names).toContain('ask');
    const ask = (puts[0]!.body as Array<{ name: string; options: Array<{ name: string; required?: boolean }> }>).find((c) => c.name === 'ask')!;
    expect(ask.options.map((o) => o.name)).toEqual(expect.arrayContaining(['question', 'private']));
  });

  it('registers globally without DISCORD_GUILD_ID, asking Discord for the application id when not configured', async () => {
    const config = loadConfig({ DISCORD_TOKEN: h.fake.token, DISCORD_API_BASE_URL: h.fake.apiBaseUrl });
    const since = performance.now();
    const result = await deployCommands(config);
    expect(result).toMatchObject({ scope: 'global', applicationId: h.fake.world.applicationId });
    const seen = h.fake.requests.filter((r) => r.at >= since).map((r) => `${r.method} ${r.path}`);
    expect(seen).toEqual(['GET /oauth2/applications/@me', `PUT /applications/${h.fake.world.applicationId}/commands`]);
    expect((h.fake.commands.global as Array<{ name: string }>).map((c) => c.name)).toEqual(commands.map((c) => c.data.name));
  });
});

describe('interaction router', () => {
  it('answers a command Parley no longer has with an ephemeral "no longer available"', async () => {
    const interaction = h.fake.slash('summon-llama');
    const at = h.fake.interact(interaction);
    const ack = await h.fake.waitFor(callbackOf(interaction), { since: at });
    expect(ack.body.type).toBe(4);
    expect(ack.body.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(ack.body.data.content).toMatch(/no longer available/i);
  });

  it('turns a handler exception into an ephemeral error with an error id, and keeps serving', async () => {
    const failing = h.fake.slash('explode');
    const at = h.fake.interact(failing);
    const ack = await h.fake.waitFor(callbackOf(failing), { since: at });
    expect(ack.body.type).toBe(5); // deferred first
    const error = await h.fake.waitFor(followUpOf(failing), { since: at });
    expect(error.body.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const errorId = /error id: `([0-9a-f]{8})`/.exec(error.body.content)?.[1];
    expect(errorId).toBeDefined();
    expect(error.body.content).not.toContain('kaboom');
    // The same id is in the log, with the real cause, for whoever runs the bot.
    const logged = h.logs.find((line) => line.errorId === errorId);
    expect(logged).toMatchObject({ command: 'explode', err: { message: 'kaboom: secret internal detail' } });
    // The public "thinking…" placeholder was removed rather than left hanging.
    expect(h.fake.requestsFor(failing).some((r) => r.method === 'DELETE' && r.path.endsWith('/messages/@original'))).toBe(true);

    const next = h.fake.slash('help');
    const nextAt = h.fake.interact(next);
    const help = await h.fake.waitFor(callbackOf(next), { since: nextAt });
    expect(help.body.type).toBe(4);
    expect(help.body.data.content).toContain('/ask');
  });

  it('refuses a Manage Server command to a member without it, and runs it for an admin', async () => {
    const refused = h.fake.slash('admin-only', {}, h.fake.users.alice);
    h.fake.interact(refused);
    const refusal = await h.fake.waitFor(callbackOf(refused));
    expect(refusal.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
    expect(refusal.body.data.content).toMatch(/Manage Server/);

    const allowed = h.fake.slash('admin-only', {}, h.fake.users.admin);
    h.fake.interact(allowed);
    expect((await h.fake.waitFor(callbackOf(allowed))).body).toMatchObject({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    expect((await h.fake.waitFor(editOriginalOf(allowed))).body.content).toBe('done, admin');
  });

  it('applies the per-user cooldown without blocking other members', async () => {
    const first = h.fake.slash('slowpoke', {}, h.fake.users.bob);
    h.fake.interact(first);
    await h.fake.waitFor(editOriginalOf(first));
    const again = h.fake.slash('slowpoke', {}, h.fake.users.bob);
    h.fake.interact(again);
    const refusal = await h.fake.waitFor(callbackOf(again));
    expect(refusal.body.type).toBe(4);
    expect(refusal.body.data.content).toMatch(/wait \d+ s/);
    const other = h.fake.slash('slowpoke', {}, h.fake.users.carol);
    h.fake.interact(other);
    expect((await h.fake.waitFor(callbackOf(other))).body.type).toBe(5);
  });

  it('logs an interaction Discord no longer knows (10062) with context, without crashing', async () => {
    const expired = h.fake.slash('ask', { question: 'Is Llama 2 open source?' });
    // Dispatched without registering it in the fake: its callback gets 404 / 10062 Unknown interaction.
    h.fake.dispatch('INTERACTION_CREATE', expired);
    await h.fake.waitFor(callbackOf(expired));
    await vi.waitFor(() => expect(h.logs.find((line) => line.interactionId === expired.id)).toMatchObject({ level: 40, discordCode: 10062, command: 'ask', userId: h.fake.users.alice.id }));
    const logged = JSON.stringify(h.logs.find((line) => line.interactionId === expired.id));
    expect(logged).not.toContain(expired.token);

    const next = h.fake.slash('help');
    h.fake.interact(next);
    expect((await h.fake.waitFor(callbackOf(next))).body.type).toBe(4);
  });

  it('answers autocomplete for a command without suggestions with an empty list', async () => {
    const typing = h.fake.autocomplete('help', { topic: 'lla' }, 'topic');
    h.fake.interact(typing);
    expect((await h.fake.waitFor(callbackOf(typing))).body).toEqual({ type: 8, data: { choices: [] } });
  });

  it('tells the member privately when a button belongs to a feature that no longer exists', async () => {
    const message = h.fake.botMessages()[0]!;
    const press = h.fake.button('retired-feature:42', message);
    h.fake.interact(press);
    const reply = await h.fake.waitFor(callbackOf(press));
    expect(reply.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
    expect(reply.body.data.content).toMatch(/no longer active/);
  });

  it('never let a fault reach the client error event, sent nothing that can ping, and hit no unknown route', () => {
    expect(h.clientErrors).toEqual([]);
    expect(h.fake.unknownRoutes.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const bodies = messageSendingRequests(h.fake.requests);
    expect(bodies.length).toBeGreaterThan(3);
    for (const { body } of bodies) expect(body.allowed_mentions).toMatchObject({ parse: [] });
  });
});

describe('npm start', () => {
  it('connects with DISCORD_TOKEN, logs "ready as …", and exits 0 on SIGTERM after closing everything', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: new URL('../..', import.meta.url).pathname,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DISCORD_TOKEN: h.fake.token,
        DISCORD_API_BASE_URL: h.fake.apiBaseUrl,
        PARLEY_DATA_DIR: h.dataDir, // the index is already built there
        PARLEY_KNOWLEDGE_DIR: h.config.knowledgeDir,
        PARLEY_LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await vi.waitFor(() => expect(stderr).toContain(`ready as ${h.fake.world.bot.username} in 1 guilds`), { timeout: 20_000, interval: 50 });
    expect(h.fake.identifies).toHaveLength(2);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('shutting down');
    expect(stderr).not.toContain(h.fake.token);
    expect(h.fake.unknownRoutes).toEqual([]);
  }, 30_000);
});
