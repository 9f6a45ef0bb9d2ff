import { PermissionFlagsBits, type Channel, type Interaction, type Message } from 'discord.js';
import type { RequestContext } from '../core/types.js';

/** Who is asking, and where, in the plain shape services take. isAdmin = Manage Server. */
export function toRequestContext(source: Interaction | Message): RequestContext {
  if ('author' in source) {
    return {
      guildId: source.guildId,
      channelId: source.channelId,
      ...parentOf(source.channel),
      userId: source.author.id,
      isAdmin: source.member?.permissions.has(PermissionFlagsBits.ManageGuild) ?? false,
    };
  }
  return {
    guildId: source.guildId,
    channelId: source.channelId ?? source.channel?.id ?? 'unknown',
    ...parentOf(source.channel),
    userId: source.user.id,
    isAdmin: source.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
  };
}

/** Threads and forum posts carry their parent channel, whose policy they follow. */
function parentOf(channel: Channel | null): { parentChannelId?: string } {
  return channel?.isThread() && channel.parentId ? { parentChannelId: channel.parentId } : {};
}
