/**
 * The fixed cast of the fake Discord: one guild with a text channel and a thread, a bot user,
 * an admin (Manage Server via a role and in interaction `member.permissions`) and normal members.
 */
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import { snowflake } from './snowflake.js';

export interface FakeUser {
  id: string;
  username: string;
  global_name: string;
  discriminator: '0';
  avatar: null;
  bot: boolean;
  /** Role ids in the guild (member.roles). */
  roles: string[];
  /** Computed permission bits as Discord sends them in an interaction's member.permissions. */
  permissions: string;
}

const BASIC_MEMBER_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands;

export interface FakeWorld {
  guildId: string;
  adminRoleId: string;
  /** A normal text channel and a public thread inside it. */
  channelId: string;
  threadId: string;
  /** A forum channel and two of its posts (threads whose parent is the forum). */
  forumId: string;
  forumPostIds: [string, string];
  bot: FakeUser;
  users: { admin: FakeUser; alice: FakeUser; bob: FakeUser; carol: FakeUser; otherBot: FakeUser };
  applicationId: string;
}

function user(username: string, options: { bot?: boolean; roles?: string[]; permissions?: bigint } = {}): FakeUser {
  return {
    id: snowflake(),
    username,
    global_name: username[0]!.toUpperCase() + username.slice(1),
    discriminator: '0',
    avatar: null,
    bot: options.bot ?? false,
    roles: options.roles ?? [],
    permissions: String(options.permissions ?? BASIC_MEMBER_PERMISSIONS),
  };
}

export function createWorld(): FakeWorld {
  const guildId = snowflake();
  const adminRoleId = snowflake();
  const applicationId = snowflake();
  const bot: FakeUser = { ...user('parley', { bot: true }), id: applicationId };
  return {
    guildId,
    adminRoleId,
    channelId: snowflake(),
    threadId: snowflake(),
    forumId: snowflake(),
    forumPostIds: [snowflake(), snowflake()],
    applicationId,
    bot,
    users: {
      admin: user('ada', { roles: [adminRoleId], permissions: BASIC_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild }),
      alice: user('alice'),
      bob: user('bob'),
      carol: user('carol'),
      otherBot: user('otherbot', { bot: true }),
    },
  };
}

export function apiUser(u: FakeUser) {
  return { id: u.id, username: u.username, global_name: u.global_name, discriminator: u.discriminator, avatar: u.avatar, bot: u.bot };
}

export function apiMember(u: FakeUser, options: { withPermissions?: boolean } = {}) {
  return {
    user: apiUser(u),
    roles: u.roles,
    joined_at: '2024-01-01T00:00:00.000000+00:00',
    deaf: false,
    mute: false,
    flags: 0,
    ...(options.withPermissions ? { permissions: u.permissions } : {}),
  };
}

export function guildCreatePayload(world: FakeWorld) {
  const { guildId, channelId, threadId } = world;
  return {
    id: guildId,
    name: 'Parley test server',
    icon: null,
    owner_id: world.users.carol.id,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    large: false,
    unavailable: false,
    member_count: 6,
    joined_at: '2024-01-01T00:00:00.000000+00:00',
    roles: [
      { id: guildId, name: '@everyone', permissions: String(BASIC_MEMBER_PERMISSIONS), position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
      { id: world.adminRoleId, name: 'Admins', permissions: String(PermissionFlagsBits.ManageGuild), position: 1, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
    ],
    channels: [
      { id: channelId, type: ChannelType.GuildText, guild_id: guildId, name: 'model-talk', position: 0, permission_overwrites: [], parent_id: null, nsfw: false },
      { id: world.forumId, type: ChannelType.GuildForum, guild_id: guildId, name: 'model-questions', position: 1, permission_overwrites: [], parent_id: null, nsfw: false, available_tags: [] },
    ],
    threads: [
      {
        id: threadId,
        type: ChannelType.PublicThread,
        guild_id: guildId,
        parent_id: channelId,
        name: 'llama-licensing',
        owner_id: world.users.alice.id,
        message_count: 0,
        member_count: 1,
        thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: '2024-01-01T00:00:00.000000+00:00', locked: false },
      },
      ...world.forumPostIds.map((id, i) => ({
        id,
        type: ChannelType.PublicThread,
        guild_id: guildId,
        parent_id: world.forumId,
        name: `forum post ${i + 1}`,
        owner_id: world.users.alice.id,
        message_count: 0,
        member_count: 1,
        applied_tags: [],
        thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: '2024-01-01T00:00:00.000000+00:00', locked: false },
      })),
    ],
    members: [apiMember(world.bot)],
    voice_states: [],
    presences: [],
    emojis: [],
    stickers: [],
    stage_instances: [],
    guild_scheduled_events: [],
  };
}
