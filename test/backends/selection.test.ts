/** Registry names, selection order, channel policy, admin rights and persistence across a restart. */
import { afterEach, describe, expect, it } from 'vitest';
import { createBackendsService } from '../../src/backends/backends-service.js';
import { BackendRegistry } from '../../src/backends/registry.js';
import { BackendSelection } from '../../src/backends/selection.js';
import { SqlSettingsRepository, SqliteSettingsRepository } from '../../src/backends/settings-repository.js';
import { ENGINES, type StorePlace } from '../support/engines.js';
import { ConfigError } from '../../src/config.js';
import { UserError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import type { RequestContext } from '../../src/core/types.js';
import { openDatabase, type SqliteDatabase } from '../../src/store/database.js';
import { SqliteUsageRepository } from '../../src/usage/usage-repository.js';
import { UsageService } from '../../src/usage/usage-service.js';
import { testCatalog, testConfig } from './helpers.js';

const alice: RequestContext = { guildId: '100000000000000001', channelId: '200000000000000001', userId: '300000000000000001', isAdmin: false };
const bob: RequestContext = { ...alice, userId: '300000000000000002' };
const admin: RequestContext = { ...alice, userId: '300000000000000009', isAdmin: true };

describe('backend registry', () => {
  it('lists every provider with open/closed, catalog model and availability or the reason', () => {
    const registry = new BackendRegistry(
      testConfig({ compat: 'http://127.0.0.1:8000/v1' }, { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', GOOGLE_API_KEY: '' }).backends,
      testCatalog(),
    );
    const byName = new Map(registry.list().map((e) => [e.name, e]));
    expect(byName.get('local')).toMatchObject({ access: 'open', available: true });
    expect(byName.get('ollama:llama2')).toMatchObject({ provider: 'ollama', access: 'open', available: true, catalogModelId: 'llama-2-7b' });
    expect(byName.get('vllm')).toMatchObject({ provider: 'openai-compatible', access: 'open', model: 'meta-llama/Llama-2-70b-chat-hf', catalogModelId: 'llama-2-70b' });
    expect(byName.get('openai:gpt-4o')).toMatchObject({ access: 'closed', available: false, unavailableReason: 'set OPENAI_API_KEY', catalogModelId: 'gpt-4o' });
    expect(byName.get('anthropic:claude-sonnet-4-20250514')).toMatchObject({ access: 'closed', available: false, unavailableReason: 'set ANTHROPIC_API_KEY', catalogModelId: 'claude-sonnet-4' });
    expect(byName.get('google:gemini-1.5-pro')).toMatchObject({ access: 'closed', unavailableReason: 'set GOOGLE_API_KEY', catalogModelId: 'gemini-1.5-pro' });
  });

  it('resolves any model after a provider prefix, compat: names and slashes, and suggests close names for typos', () => {
    const registry = new BackendRegistry(testConfig({ compat: 'http://127.0.0.1:8000/v1' }).backends, testCatalog());
    expect(registry.get('ollama:llama2:70b')).toMatchObject({ name: 'ollama:llama2:70b', model: 'llama2:70b', catalogModelId: 'llama-2-70b' });
    expect(registry.get('OpenAI/gpt-4o').name).toBe('openai:gpt-4o');
    expect(registry.get('compat:vllm').name).toBe('vllm');
    expect(registry.get('openai:gpt-4-turbo').access).toBe('closed');
    expect(() => registry.get('olama:llama2')).toThrow(UserError);
    expect(() => registry.get('gpt4o')).toThrow(/Did you mean .*`openai:gpt-4o`/);
  });
});

describe('backend selection', () => {
  const dbs: SqliteDatabase[] = [];
  const places: StorePlace[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) if (db.open) db.close();
    for (const place of places.splice(0)) await place.dispose();
  });

  function setup(file = ':memory:', env: Record<string, string> = {}) {
    const config = testConfig({}, env);
    const db = openDatabase(file);
    dbs.push(db);
    const registry = new BackendRegistry(config.backends, testCatalog());
    return { db, selection: new BackendSelection(registry, new SqliteSettingsRepository(db), config.backends.defaultBackend) };
  }

  it('resolves per-question, then personal, then server default, then config default, then local', async () => {
    const { selection } = setup(':memory:', { PARLEY_DEFAULT_BACKEND: 'ollama:mistral' });
    expect(await selection.resolve(alice)).toMatchObject({ backend: { name: 'ollama:mistral' }, source: 'config' });
    await selection.setServerDefault(admin, 'openai:gpt-4o');
    expect(await selection.resolve(alice)).toMatchObject({ backend: { name: 'openai:gpt-4o' }, source: 'server' });
    await selection.usePersonal(alice, 'ollama:llama2');
    expect(await selection.resolve(alice)).toMatchObject({ backend: { name: 'ollama:llama2' }, source: 'personal' });
    expect(await selection.resolve(bob)).toMatchObject({ backend: { name: 'openai:gpt-4o' }, source: 'server' });
    expect(await selection.resolve(alice, 'anthropic:claude-sonnet-4-20250514')).toMatchObject({ source: 'question' });
    // Outside the server (DMs, terminal) the server default does not apply.
    expect((await selection.resolve({ ...bob, guildId: null })).backend.name).toBe('ollama:mistral');
    const plain = setup();
    expect(await plain.selection.resolve(alice)).toMatchObject({ backend: { name: 'local' } });
  });

  it('lets only admins change the server default and the channel policy', async () => {
    const { selection } = setup();
    await expect(selection.setServerDefault(alice, 'local')).rejects.toThrow(/Manage Server/);
    await expect(selection.setPolicy(alice, 'open-only')).rejects.toThrow(/Manage Server/);
    await expect(selection.usePersonal(alice, 'anthropic:claude-sonnet-4-20250514')).resolves.toMatchObject({ name: 'anthropic:claude-sonnet-4-20250514' });
  });

  it('refuses unconfigured backends when choosing them', async () => {
    const { selection } = setup(':memory:', { ANTHROPIC_API_KEY: '' });
    await expect(selection.usePersonal(alice, 'anthropic:claude-sonnet-4-20250514')).rejects.toThrow('`anthropic:claude-sonnet-4-20250514` is not available yet: set ANTHROPIC_API_KEY.');
  });

  it('open-only policy wins over every source, per channel', async () => {
    const { selection } = setup();
    await selection.setServerDefault(admin, 'openai:gpt-4o');
    await selection.setPolicy(admin, 'open-only');
    await expect(selection.resolve(alice)).rejects.toThrow(/open-models-only: `openai:gpt-4o` \(this server's default\) is a closed model/);
    await expect(selection.resolve(alice, 'google:gemini-1.5-pro')).rejects.toThrow(UserError);
    await expect(selection.usePersonal(alice, 'openai:gpt-4o')).rejects.toThrow(/closed model/);
    expect((await selection.resolve(alice, 'ollama:llama2')).backend.name).toBe('ollama:llama2');
    // Another channel of the same server is unaffected.
    expect((await selection.resolve({ ...alice, channelId: '200000000000000002' })).backend.name).toBe('openai:gpt-4o');
    await selection.setPolicy(admin, 'any');
    expect((await selection.resolve(alice)).backend.name).toBe('openai:gpt-4o');
  });

  it.each(ENGINES.filter((engine) => engine.available))('keeps choices and policies across a restart on $name', async (engine) => {
    const place = await engine.place();
    places.push(place);
    const config = testConfig({}, {});
    const open = async () => {
      const store = await place.open();
      const selection = new BackendSelection(new BackendRegistry(config.backends, testCatalog()), new SqlSettingsRepository(store), config.backends.defaultBackend);
      return { store, selection };
    };
    const first = await open();
    await first.selection.usePersonal(alice, 'ollama:llama2');
    await first.selection.setServerDefault(admin, 'openai:gpt-4o');
    await first.selection.setPolicy(admin, 'open-only');
    await first.selection.usePersonal(bob, 'ollama:llama2');
    await first.selection.usePersonal(bob, null);
    await first.store.close();

    const second = await open();
    expect((await second.selection.resolve(alice)).backend.name).toBe('ollama:llama2');
    await expect(second.selection.resolve(bob)).rejects.toThrow(/open-models-only/);
    expect((await second.selection.current(bob)).backend.name).toBe('openai:gpt-4o');
    expect(await second.selection.policy(alice)).toBe('open-only');
  });
});

describe('PARLEY_DEFAULT_BACKEND', () => {
  it('stops start-up with a message naming the variable and close names when it names no backend', () => {
    const db = openDatabase(':memory:');
    const start = (name: string) =>
      createBackendsService({
        config: testConfig({}, { PARLEY_DEFAULT_BACKEND: name }),
        settings: new SqliteSettingsRepository(db),
        catalog: testCatalog(),
        logger: createLogger('silent'),
        usage: new UsageService(new SqliteUsageRepository(db)),
      });
    expect(() => start('olama:llama2')).toThrow(ConfigError);
    expect(() => start('olama:llama2')).toThrow(/PARLEY_DEFAULT_BACKEND: There is no backend called "olama:llama2"\. Did you mean .*`ollama:llama2`/);
    expect(start('ollama:mistral').selection).toBeDefined();
    db.close();
  });
});
