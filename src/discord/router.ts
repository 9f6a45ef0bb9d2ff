/**
 * The one place that does what every handler would otherwise repeat: find the command or
 * component, check permissions and cooldowns, acknowledge within Discord's 3 s (defer first,
 * work after), run the handler, and turn any failure into an ephemeral, polite reply.
 */
import {
  MessageFlags,
  PermissionsBitField,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type PermissionResolvable,
  type RepliableInteraction,
} from 'discord.js';
import type { Services } from '../app/services.js';
import type { Logger } from '../core/logger.js';
import type { ComponentHandler, ComponentInteraction, DeferMode, SlashCommand } from './command.js';
import { describeDiscordError, isDiscordError, loggableError, UNKNOWN_INTERACTION } from './discord-errors.js';
import { createAckFirstScheduler, type AckFirstScheduler } from './ack-first.js';
import { deferReplyOnce, deferUpdateOnce, replyOnce } from './acknowledge.js';
import { configuredSecrets, failureReply } from './failure.js';
import { NO_PINGS_AT_ALL } from './render/mentions.js';
import { COMMAND_CHANGED, isStaleInvocation } from './stale-options.js';

export interface RouterOptions {
  commands: readonly SlashCommand[];
  components: readonly ComponentHandler[];
  services: Services;
  logger: Logger;
  /** Shared with other answer work (conversations) so acknowledgements go first for all of it. */
  scheduler?: AckFirstScheduler;
  now?: () => number;
}

export type InteractionRouter = (interaction: Interaction) => Promise<void>;

export const NO_LONGER_AVAILABLE = 'This command is no longer available in Parley. Type `/` to see the current commands.';
export const COMPONENT_NO_LONGER_ACTIVE = 'This button or menu is no longer active.';

const PERMISSION_NAMES: Record<string, string> = { ManageGuild: 'Manage Server', ManageChannels: 'Manage Channels', Administrator: 'Administrator' };

export function createInteractionRouter(options: RouterOptions): InteractionRouter {
  const { services, logger } = options;
  const now = options.now ?? Date.now;
  const commands = new Map(options.commands.map((command) => [command.data.name, command]));
  const definitions = new Map(options.commands.map((command) => [command, command.data.toJSON()]));
  const components = new Map(options.components.map((component) => [component.prefix, component]));
  const cooldowns = new Map<string, number>();
  const scheduler = options.scheduler ?? createAckFirstScheduler();
  const secrets = configuredSecrets(services.config);

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const command = commands.get(interaction.commandName);
    if (!command) {
      await replyEphemeral(interaction, NO_LONGER_AVAILABLE);
      return;
    }
    if (isStaleInvocation(definitions.get(command)!, interaction.options.data)) {
      await replyEphemeral(interaction, COMMAND_CHANGED);
      return;
    }
    const required = typeof command.meta.requires === 'function' ? command.meta.requires(interaction) : command.meta.requires;
    if (required !== undefined) {
      const refusal = permissionRefusal(interaction, required);
      if (refusal) {
        await replyEphemeral(interaction, refusal);
        return;
      }
    }
    if (command.meta.cooldownMs) {
      const key = `${command.data.name}:${interaction.user.id}`;
      const until = cooldowns.get(key) ?? 0;
      const current = now();
      if (until > current) {
        await replyEphemeral(interaction, `Please wait ${Math.ceil((until - current) / 1000)} s before using /${command.data.name} again.`);
        return;
      }
      cooldowns.set(key, current + command.meta.cooldownMs);
      if (cooldowns.size > 10_000) sweepCooldowns(cooldowns, current);
    }
    const mode: DeferMode = typeof command.meta.defer === 'function' ? command.meta.defer(interaction) : command.meta.defer;
    if (mode !== 'none') {
      await scheduler.acknowledge(() => deferReplyOnce(interaction, mode === 'ephemeral'));
      await scheduler.turn();
    }
    await command.execute(interaction, services);
  }

  async function onComponent(interaction: ComponentInteraction): Promise<void> {
    const prefix = interaction.customId.split(':', 1)[0] ?? '';
    const component = components.get(prefix);
    if (!component) {
      await replyEphemeral(interaction, COMPONENT_NO_LONGER_ACTIVE);
      return;
    }
    if (component.defer === 'update') await scheduler.acknowledge(() => deferUpdateOnce(interaction));
    else if (component.defer === 'ephemeral') await scheduler.acknowledge(() => deferReplyOnce(interaction, true));
    if (component.defer !== 'none') await scheduler.turn();
    await component.execute(interaction, services);
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const command = commands.get(interaction.commandName);
    try {
      if (command?.autocomplete) await command.autocomplete(interaction, services);
      else await interaction.respond([]);
    } catch (error) {
      logger.warn({ err: loggableError(error), command: interaction.commandName, ...describeDiscordError(error) }, 'autocomplete failed');
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
  }

  return async function route(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      await onAutocomplete(interaction);
      return;
    }
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isStringSelectMenu()) return;
    try {
      if (interaction.isChatInputCommand()) await onCommand(interaction);
      else await onComponent(interaction);
    } catch (error) {
      await replyWithError(interaction, error, logger, secrets);
    }
  };
}

function permissionRefusal(interaction: ChatInputCommandInteraction, required: PermissionResolvable): string | null {
  const permissions = interaction.memberPermissions;
  if (!permissions) return 'This command only works in a server.';
  if (permissions.has(required)) return null;
  const names = new PermissionsBitField(required).toArray().map((name) => PERMISSION_NAMES[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2'));
  return `You need the ${names.join(' and ')} permission to do that.`;
}

function sweepCooldowns(cooldowns: Map<string, number>, current: number): void {
  for (const [key, until] of cooldowns) if (until <= current) cooldowns.delete(key);
}

async function replyEphemeral(interaction: RepliableInteraction, content: string): Promise<void> {
  await replyOnce(interaction, { content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS_AT_ALL });
}

function interactionLabel(interaction: RepliableInteraction): Record<string, unknown> {
  return {
    interactionId: interaction.id,
    command: interaction.isChatInputCommand() ? interaction.commandName : undefined,
    customId: interaction.isMessageComponent() ? interaction.customId : undefined,
    userId: interaction.user.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    ageMs: Date.now() - interaction.createdTimestamp,
  };
}

/**
 * UserError → its message as is; anything else → a generic apology with an error id that is
 * also in the log. Always ephemeral: a public deferred reply is removed and replaced by an
 * ephemeral follow-up. Never throws.
 */
export async function replyWithError(interaction: RepliableInteraction, error: unknown, logger: Logger, secrets: readonly string[] = []): Promise<void> {
  const context = interactionLabel(interaction);
  if (isDiscordError(error, UNKNOWN_INTERACTION)) {
    logger.warn({ ...context, ...describeDiscordError(error) }, 'interaction expired or unknown before Parley could answer');
    return;
  }
  const content = failureReply(error, logger, context, secrets);
  try {
    if (interaction.deferred && !interaction.replied && interaction.ephemeral) {
      await interaction.editReply({ content, embeds: [], components: [], allowedMentions: NO_PINGS_AT_ALL });
    } else if (interaction.deferred || interaction.replied) {
      // A public "Parley is thinking…" placeholder would stay forever: replace it by the private error.
      if (interaction.deferred && !interaction.replied && !interaction.ephemeral && !interaction.isMessageComponent()) await interaction.deleteReply().catch(() => undefined);
      await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS_AT_ALL });
    } else {
      await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS_AT_ALL });
    }
  } catch (replyError) {
    logger.warn({ ...context, err: loggableError(replyError), ...describeDiscordError(replyError) }, 'could not send the error reply');
  }
}
