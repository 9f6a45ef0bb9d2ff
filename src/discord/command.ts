/**
 * The contract every slash command and message component follows. The interaction router
 * (src/discord/router.ts) reads `meta` and does, once for all, what each handler would
 * otherwise repeat: defer within 3 s, permission checks, per-user cooldown, error replies.
 */
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  PermissionResolvable,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { Services } from '../app/services.js';

/** 'none' means the handler replies itself, at once (e.g. a modal or a quick ephemeral note). */
export type DeferMode = 'public' | 'ephemeral' | 'none';

export interface CommandMeta {
  defer: DeferMode | ((interaction: ChatInputCommandInteraction) => DeferMode);
  /** Permission the caller needs; may depend on the subcommand. */
  requires?: PermissionResolvable | ((interaction: ChatInputCommandInteraction) => PermissionResolvable | undefined);
  cooldownMs?: number;
}

export interface SlashCommand {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  meta: CommandMeta;
  /** Runs after the router deferred (unless defer is 'none'): answer with editReply/followUp. */
  execute(interaction: ChatInputCommandInteraction, services: Services): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, services: Services): Promise<void>;
}

export type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction;

/**
 * Handles components whose custom_id starts with `${prefix}:`.
 * 'update' acknowledges with a deferred update of the message the component is on.
 */
export interface ComponentHandler {
  prefix: string;
  defer: 'update' | 'ephemeral' | 'none';
  execute(interaction: ComponentInteraction, services: Services): Promise<void>;
}
