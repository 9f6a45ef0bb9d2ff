import { PermissionFlagsBits, type Interaction, type Message } from 'discord.js';
import type { RequestContext } from '../core/types.js';

/** Who is asking, and where, in the plain shape services take. isAdmin = Manage Server. */
export function toRequestContext(source: Interaction | Message): RequestContext {
  if ('author' in source) {
    return {
      guildId: source.guildId,
      channelId: source.channelId,
      userId: source.author.id,
      isAdmin: source.member?.permissions.has(PermissionFlagsBits.ManageGuild) ?? false,
    };
  }
  return {
    guildId: source.guildId,
    channelId: source.channelId ?? source.channel?.id ?? 'unknown',
    userId: source.user.id,
    isAdmin: source.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
  };
}
