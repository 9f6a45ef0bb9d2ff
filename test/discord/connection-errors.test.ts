import { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { explainDiscordFailure, fatalCloseError } from '../../src/discord/connection-errors.js';

describe('explainDiscordFailure', () => {
  it('no network (getaddrinfo ENOTFOUND discord.com) names the URL and what to check, keeping the cause', () => {
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND discord.com'), { code: 'ENOTFOUND' });
    const explained = explainDiscordFailure(dns, 'https://discord.com/api');
    expect(explained).toMatchObject({
      name: 'UserError',
      message: 'Could not reach Discord at https://discord.com/api (ENOTFOUND). Check the network connection, or DISCORD_API_BASE_URL if you set it.',
      cause: dns,
    });
  });

  it("discord.js's TokenInvalid becomes the DISCORD_TOKEN explanation", async () => {
    const client = new Client({ intents: [] });
    const error = await client.login('').catch((thrown: unknown) => thrown);
    expect(explainDiscordFailure(error, 'https://discord.com/api')).toMatchObject({ name: 'UserError', message: expect.stringContaining('Discord rejected DISCORD_TOKEN') });
    await client.destroy();
  });

  it('passes an unexpected error through unchanged', () => {
    const bug = new TypeError('x is undefined');
    expect(explainDiscordFailure(bug, 'https://discord.com/api')).toBe(bug);
  });
});

describe('fatalCloseError', () => {
  it('explains the close codes discord.js gives up on, and not the ones it recovers from', () => {
    expect(fatalCloseError(4014)?.message).toContain('Message Content Intent');
    expect(fatalCloseError(4013)?.message).toContain('(4013)');
    expect(fatalCloseError(4004)?.message).toContain('DISCORD_TOKEN');
    expect(fatalCloseError(4000)).toBeNull();
    expect(fatalCloseError(1006)).toBeNull();
  });
});
