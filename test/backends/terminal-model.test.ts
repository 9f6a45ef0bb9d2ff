/** `/model list` and `/model use` in the terminal adapter. */
import { describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.js';
import { createBackendsService } from '../../src/backends/backends-service.js';
import { createLogger } from '../../src/core/logger.js';
import { openDatabase } from '../../src/store/database.js';
import { modelCommand } from '../../src/terminal/commands/model.js';
import type { TerminalSession } from '../../src/terminal/commands/types.js';
import { SqliteSettingsRepository } from '../../src/backends/settings-repository.js';
import { SqliteUsageRepository } from '../../src/usage/usage-repository.js';
import { UsageService } from '../../src/usage/usage-service.js';
import { testCatalog, testConfig } from './helpers.js';

describe('terminal /model', () => {
  it('lists backends with yours marked, and switches', async () => {
    const db = openDatabase(':memory:');
    const backends = createBackendsService({
      config: testConfig({}, { ANTHROPIC_API_KEY: '' }),
      settings: new SqliteSettingsRepository(db),
      catalog: testCatalog(),
      logger: createLogger('silent'),
      usage: new UsageService(new SqliteUsageRepository(db)),
    });
    const output: string[] = [];
    const session: TerminalSession = {
      services: { backends } as unknown as Services,
      ctx: { guildId: null, channelId: 'terminal', userId: 'terminal:me', isAdmin: true },
      lastAnswer: null,
    history: [],
      write: (text) => output.push(text),
    };
    await modelCommand.run('list', session);
    expect(output[0]).toMatch(/^\* local +open \(embedded\) +available/m);
    expect(output[0]).toMatch(/^ {2}anthropic:claude-sonnet-4-20250514 +closed +not available: set ANTHROPIC_API_KEY/m);
    expect(output[0]).toMatch(/openai:gpt-4o .*Vendor Terms \(as of \d{4}-\d{2}-\d{2}\) · \$2\.5 in \/ \$10 out per 1M tokens \(as of 2024-08-06, over 12 months old\)/);

    await modelCommand.run('use ollama:mistral', session);
    expect(output[1]).toBe('Now answering with ollama:mistral (open).');
    await modelCommand.run('list', session);
    expect(output[2]).toMatch(/^\* ollama:mistral/m);
    await modelCommand.run('use nonsense-model', session);
    expect(output[3]).toMatch(/There is no backend called "nonsense-model"/);
    db.close();
  });
});
