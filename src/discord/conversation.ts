/**
 * Conversations outside slash commands: @mention Parley, or reply to one of its messages, and it
 * answers using the reply chain as context. Discord is the memory: earlier turns are fetched from
 * Discord by following message references (up to `historyMessages`), so a restart loses nothing
 * and concurrent conversations never share state.
 */
import type { Message } from 'discord.js';
import type { Services } from '../app/services.js';
import type { Logger } from '../core/logger.js';
import type { ConversationTurn } from '../core/types.js';
import { createAckFirstScheduler, type AckFirstScheduler } from './ack-first.js';
import { toRequestContext } from './context.js';
import { describeDiscordError, loggableError } from './discord-errors.js';
import { renderAnswer } from './render/answer.js';
import { configuredSecrets, failureReply } from './failure.js';
import { NO_PINGS } from './render/mentions.js';

export interface ConversationOptions {
  services: Services;
  logger: Logger;
  historyMessages: number;
  /** When shared with the interaction router, answers wait while interaction ACKs are in flight. */
  scheduler?: AckFirstScheduler;
}

export const EMPTY_MENTION_REPLY = 'Ask me a question after the mention, e.g. "@Parley can we use Llama 2 in a product with 800M monthly users?"';

export function createConversationHandler(options: ConversationOptions): (message: Message) => Promise<void> {
  const { services, logger, historyMessages } = options;
  const scheduler = options.scheduler ?? createAckFirstScheduler();
  const secrets = configuredSecrets(services.config);

  return async function onMessage(message: Message): Promise<void> {
    if (message.author.bot || message.system || message.webhookId) return;
    const botId = message.client.user.id;
    const parent = message.reference?.messageId ? await fetchParent(message) : null;
    const mentioned = message.mentions.users.has(botId);
    const repliesToBot = parent?.author.id === botId;
    if (!mentioned && !repliesToBot) return;

    const question = stripMention(message.content, botId);
    try {
      if (question === '') {
        await message.reply({ content: EMPTY_MENTION_REPLY, allowedMentions: NO_PINGS, failIfNotExists: false });
        return;
      }
      const history = parent ? await collectHistory(parent, botId, historyMessages, message.author.id) : [];
      if ('sendTyping' in message.channel) await message.channel.sendTyping().catch(() => undefined);
      await scheduler.turn();
      const result = await services.answers.ask(toRequestContext(message), { question, history });
      let previous: Message = message;
      for (const [index, embed] of renderAnswer(result).entries()) {
        // Each part replies to the previous one, so replying to any part continues the chain.
        // failIfNotExists: false — if the question was deleted meanwhile, the answer is still posted.
        previous = await previous.reply({ embeds: [embed], allowedMentions: index === 0 ? NO_PINGS : { ...NO_PINGS, repliedUser: false }, failIfNotExists: false });
      }
    } catch (error) {
      await replyWithFailure(message, error, logger, secrets);
    }
  };
}

/** Earlier turns, oldest first: `start` and the messages it replies to, up to `limit` of them. */
export async function collectHistory(start: Message, botId: string, limit: number, askerId?: string): Promise<ConversationTurn[]> {
  const turns: ConversationTurn[] = [];
  let cursor: Message | null = start;
  while (cursor && turns.length < limit) {
    const content = cursor.author.id === botId ? textOfBotMessage(cursor) : stripMention(cursor.content, botId);
    const fromOtherMember = askerId !== undefined && cursor.author.id !== botId && cursor.author.id !== askerId;
    if (content !== '') turns.unshift({ role: cursor.author.id === botId ? 'assistant' : 'user', content, ...(fromOtherMember ? { fromOtherMember } : {}) });
    cursor = cursor.reference?.messageId ? await fetchParent(cursor) : null;
  }
  return turns;
}

async function fetchParent(message: Message): Promise<Message | null> {
  try {
    return await message.fetchReference();
  } catch {
    return null; // deleted, or in a channel Parley cannot read: the chain ends there
  }
}

function textOfBotMessage(message: Message): string {
  const fromEmbeds = message.embeds.map((embed) => embed.description ?? '').filter(Boolean).join('\n\n');
  return (fromEmbeds || message.content).trim();
}

function stripMention(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>\\s?`, 'g'), '').trim();
}

async function replyWithFailure(message: Message, error: unknown, logger: Logger, secrets: readonly string[]): Promise<void> {
  const content = failureReply(error, logger, { messageId: message.id, channelId: message.channelId, guildId: message.guildId, userId: message.author.id }, secrets);
  try {
    await message.reply({ content, allowedMentions: NO_PINGS, failIfNotExists: false });
  } catch (replyError) {
    logger.warn({ err: loggableError(replyError), messageId: message.id, channelId: message.channelId, ...describeDiscordError(replyError) }, 'could not send the error reply');
  }
}
