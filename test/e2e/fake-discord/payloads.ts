/**
 * Gateway payload factories with every field discord.js 14.28 needs to build its structures
 * (a missing field makes discord.js drop the event). Pass them to `fake.interact()` / `fake.post()`.
 */
import { ApplicationCommandOptionType, ApplicationCommandType, ChannelType, ComponentType, InteractionType } from 'discord.js';
import { snowflake } from './snowflake.js';
import { apiMember, apiUser, type FakeUser, type FakeWorld } from './world.js';
import type { ApiMessage } from './server.js';

/** A typed option value, for when the JS type is ambiguous (integer vs number). */
export interface TypedOption {
  type: ApplicationCommandOptionType;
  value: string | number | boolean;
}
export type OptionValues = Record<string, string | number | boolean | TypedOption>;

export interface Where {
  /** Defaults to the world's text channel; pass world.threadId for the thread. */
  channel?: string;
  /** null = a DM (no guild, no member). */
  guild?: string | null;
}

function toOptions(values: OptionValues) {
  return Object.entries(values).map(([name, value]) => {
    if (typeof value === 'object') return { name, type: value.type, value: value.value };
    const type =
      typeof value === 'boolean'
        ? ApplicationCommandOptionType.Boolean
        : typeof value === 'number'
          ? Number.isInteger(value)
            ? ApplicationCommandOptionType.Integer
            : ApplicationCommandOptionType.Number
          : ApplicationCommandOptionType.String;
    return { name, type, value };
  });
}

function base(world: FakeWorld, user: FakeUser, type: InteractionType, where: Where) {
  const guildId = where.guild === undefined ? world.guildId : where.guild;
  const channelId = where.channel ?? world.channelId;
  const parentId = channelId === world.threadId ? world.channelId : world.forumPostIds.includes(channelId) ? world.forumId : undefined;
  const isThread = parentId !== undefined;
  return {
    id: snowflake(),
    application_id: world.applicationId,
    type,
    token: `itok-${snowflake()}-${Math.random().toString(36).slice(2)}`,
    version: 1,
    channel_id: channelId,
    channel: {
      id: channelId,
      type: guildId ? (isThread ? ChannelType.PublicThread : ChannelType.GuildText) : ChannelType.DM,
      ...(guildId ? { guild_id: guildId } : {}),
      ...(isThread ? { parent_id: parentId } : {}),
    },
    locale: 'en-US',
    app_permissions: '2248473465835073',
    entitlements: [],
    attachment_size_limit: 10_485_760,
    ...(guildId
      ? {
          guild_id: guildId,
          guild_locale: 'en-US',
          guild: { id: guildId, locale: 'en-US', features: [] },
          member: apiMember(user, { withPermissions: true }),
          authorizing_integration_owners: { '0': guildId },
          context: 0,
        }
      : { user: apiUser(user), authorizing_integration_owners: { '1': user.id }, context: 1 }),
  };
}

export interface SlashOptions extends Where {
  subcommand?: string;
  /** For `/group sub` commands. */
  subcommandGroup?: string;
  /** Files the options refer to (from `fake.attachment()`), sent as `data.resolved.attachments`. */
  attachments?: ApiAttachment[];
}

/** A file as Discord describes it in an interaction: `url` is where the bot downloads it. */
export interface ApiAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
}

/** An attachment option's value: the id of a file in `attachments`. */
export function attachmentOption(attachment: ApiAttachment): TypedOption {
  return { type: ApplicationCommandOptionType.Attachment, value: attachment.id };
}

export function slash(world: FakeWorld, name: string, options: OptionValues = {}, user: FakeUser = world.users.alice, where: SlashOptions = {}) {
  let commandOptions: unknown[] = toOptions(options);
  if (where.subcommand) commandOptions = [{ name: where.subcommand, type: ApplicationCommandOptionType.Subcommand, options: commandOptions }];
  if (where.subcommandGroup) commandOptions = [{ name: where.subcommandGroup, type: ApplicationCommandOptionType.SubcommandGroup, options: commandOptions }];
  const payload = base(world, user, InteractionType.ApplicationCommand, where);
  return {
    ...payload,
    data: {
      id: snowflake(),
      name,
      type: ApplicationCommandType.ChatInput,
      options: commandOptions,
      ...('guild_id' in payload ? { guild_id: payload.guild_id } : {}),
      ...(where.attachments ? { resolved: { attachments: Object.fromEntries(where.attachments.map((a) => [a.id, a])) } } : {}),
    },
  };
}

/** `focused` names the option being typed; its value is the partial text. */
export function autocomplete(world: FakeWorld, name: string, options: OptionValues, focused: string, user: FakeUser = world.users.alice, where: SlashOptions = {}) {
  const interaction = slash(world, name, options, user, where);
  const markFocused = (list: unknown[]): unknown[] =>
    list.map((option) => {
      const o = option as { name: string; options?: unknown[] };
      if (o.options) return { ...o, options: markFocused(o.options) };
      return o.name === focused ? { ...o, type: ApplicationCommandOptionType.String, focused: true } : o;
    });
  return { ...interaction, type: InteractionType.ApplicationCommandAutocomplete, data: { ...interaction.data, options: markFocused(interaction.data.options) } };
}

/** A button press on `message` (a message object the bot sent, e.g. from fake.messages). */
export function button(world: FakeWorld, customId: string, message: ApiMessage, user: FakeUser = world.users.alice, where: Where = {}) {
  return {
    ...base(world, user, InteractionType.MessageComponent, { channel: message.channel_id, ...where }),
    message,
    data: { custom_id: customId, component_type: ComponentType.Button },
  };
}

/** A string-select choice on `message`. */
export function select(world: FakeWorld, customId: string, values: string[], message: ApiMessage, user: FakeUser = world.users.alice) {
  return {
    ...base(world, user, InteractionType.MessageComponent, { channel: message.channel_id }),
    message,
    data: { custom_id: customId, component_type: ComponentType.StringSelect, values },
  };
}

export interface UserMessageOptions {
  channel?: string;
  /** Users mentioned in the message (put `<@id>` in the content yourself). */
  mentions?: FakeUser[];
  /** The message this one replies to (Discord's message_reference + referenced_message). */
  reference?: ApiMessage;
  /** Whether a reply pings the author of `reference` (Discord's default: yes). */
  pingReplied?: boolean;
}

export function userMessage(world: FakeWorld, content: string, user: FakeUser = world.users.alice, options: UserMessageOptions = {}): ApiMessage {
  const channelId = options.channel ?? options.reference?.channel_id ?? world.channelId;
  const replyPing = options.reference && options.pingReplied !== false ? [options.reference.author] : [];
  return {
    id: snowflake(),
    channel_id: channelId,
    guild_id: world.guildId,
    author: apiUser(user),
    member: { ...apiMember(user), user: undefined },
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [...(options.mentions ?? []).map(apiUser), ...replyPing],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type: options.reference ? 19 : 0,
    flags: 0,
    ...(options.reference
      ? {
          message_reference: { type: 0, message_id: options.reference.id, channel_id: options.reference.channel_id, guild_id: world.guildId },
          referenced_message: options.reference,
        }
      : {}),
  };
}

/** `<@id>` — how a mention of `user` appears in message content. */
export function mention(user: FakeUser): string {
  return `<@${user.id}>`;
}
