/**
 * `npm run deploy-commands`: registers Parley's slash commands with Discord. A deliberate step,
 * not a side effect of every start. With DISCORD_GUILD_ID the commands go to that server
 * (instant, for development); otherwise globally (may take up to an hour to show everywhere).
 * PUT replaces the whole set, so running it again is harmless and removes commands Parley no
 * longer has.
 */
import { pathToFileURL } from 'node:url';
// discord.js re-exports @discordjs/rest's REST (the same client the bot uses).
import { DiscordAPIError, HTTPError, REST, Routes, type APIApplication, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import type { Config } from '../src/config.js';
import { UserError } from '../src/core/errors.js';
import type { SlashCommand } from '../src/discord/command.js';
import { explainDiscordFailure } from '../src/discord/connection-errors.js';
import { commands as allCommands } from '../src/discord/commands/index.js';

export interface DeployResult {
  scope: 'guild' | 'global';
  applicationId: string;
  guildId: string | null;
  names: string[];
}

export async function deployCommands(config: Config, commands: readonly SlashCommand[] = allCommands): Promise<DeployResult> {
  const token = config.discord.token;
  if (!token) throw new UserError('DISCORD_TOKEN is not set: it is needed to register the slash commands.');
  const rest = new REST({ api: config.discord.apiBaseUrl }).setToken(token);
  try {
    const applicationId = config.discord.applicationId ?? ((await rest.get(Routes.oauth2CurrentApplication())) as APIApplication).id;
    const guildId = config.discord.guildId ?? null;
    const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
    const registered = (await rest.put(route, { body: commands.map((command) => command.data.toJSON()) })) as RESTPutAPIApplicationCommandsResult;
    return { scope: guildId ? 'guild' : 'global', applicationId, guildId, names: registered.map((command) => command.name) };
  } catch (error) {
    throw explainDeployFailure(error, config.discord.apiBaseUrl);
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

/** What REST throws, as a message that names the setting to fix; anything unexpected passes through. */
function explainDeployFailure(error: unknown, apiBaseUrl: string): unknown {
  if ((error instanceof DiscordAPIError || error instanceof HTTPError) && (error.status === 403 || error.status === 404)) {
    return new UserError(`Discord refused to register the commands (${error.status}): check DISCORD_APPLICATION_ID and DISCORD_GUILD_ID, and that the bot was invited to that server with the applications.commands scope. Discord said: ${error.message}`);
  }
  return explainDiscordFailure(error, apiBaseUrl);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { runEntryPoint } = await import('../src/terminal/entry.js');
  await runEntryPoint(async (config) => {
    const result = await deployCommands(config);
    const where = result.scope === 'guild' ? `to server ${result.guildId} (instant)` : 'globally (can take up to an hour to appear)';
    process.stdout.write(`Registered ${result.names.length} commands ${where}: ${result.names.map((n) => `/${n}`).join(', ')}\n`);
    return 0;
  });
}
