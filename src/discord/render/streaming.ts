/**
 * A generative answer streaming into Discord: the deferred reply is edited at most once per
 * `intervalMs`; when the text outgrows one embed it continues in follow-up messages; `finish`
 * replaces the partial messages with the final embeds (sources and footer on the last one).
 */
import { EmbedBuilder, MessageFlags, type RepliableInteraction } from 'discord.js';
import { COLOR_ANSWER } from './answer.js';
import { NO_PINGS_AT_ALL } from './mentions.js';
import { EMBED_DESCRIPTION_LIMIT, splitMessage } from './split-message.js';

export interface StreamingReplyOptions {
  intervalMs?: number;
  /** Characters per message while streaming (room is kept for the " …" marker). */
  limit?: number;
}

export class StreamingReply {
  private readonly intervalMs: number;
  private readonly limit: number;
  /** Message ids in order; '@original' is the deferred reply. */
  private readonly messages: string[] = ['@original'];
  private readonly shown: string[] = [];
  private lastFlush = 0;
  private pending: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly interaction: RepliableInteraction,
    options: StreamingReplyOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.limit = options.limit ?? EMBED_DESCRIPTION_LIMIT - 2;
  }

  /** Give it the whole text so far; it shows the latest at most once per interval. */
  readonly onProgress = (textSoFar: string): void => {
    if (this.stopped || textSoFar.trim() === '') return;
    this.pending = textSoFar;
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastFlush = Date.now();
      const text = this.pending;
      this.pending = null;
      if (text !== null) this.chain = this.chain.then(() => (this.stopped ? undefined : this.show(text))).catch(() => undefined);
    }, wait);
  };

  /** Stops streaming and waits for the edit in flight (nothing stale overwrites what follows). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.chain;
  }

  /** Writes the final embeds over the streamed messages, adding or deleting follow-ups as needed. */
  async finish(embeds: readonly EmbedBuilder[]): Promise<void> {
    await this.stop();
    for (const [index, embed] of embeds.entries()) {
      const id = this.messages[index];
      if (id) await this.interaction.editReply({ message: id, content: '', embeds: [embed], allowedMentions: NO_PINGS_AT_ALL });
      else await this.followUp(embed);
    }
    for (const id of this.messages.slice(Math.max(1, embeds.length))) await this.interaction.deleteReply(id).catch(() => undefined);
  }

  private async show(text: string): Promise<void> {
    const parts = splitMessage(text, this.limit);
    for (const [index, part] of parts.entries()) {
      const last = index === parts.length - 1;
      const body = last ? `${part} …` : part;
      if (this.shown[index] === body) continue;
      const embed = new EmbedBuilder().setColor(COLOR_ANSWER).setDescription(body);
      if (index < this.messages.length) {
        await this.interaction.editReply({ message: this.messages[index]!, embeds: [embed], allowedMentions: NO_PINGS_AT_ALL });
      } else {
        await this.followUp(embed);
      }
      this.shown[index] = body;
    }
  }

  private async followUp(embed: EmbedBuilder): Promise<void> {
    const message = await this.interaction.followUp({
      embeds: [embed],
      allowedMentions: NO_PINGS_AT_ALL,
      ...(this.interaction.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    });
    this.messages.push(message.id);
  }
}
