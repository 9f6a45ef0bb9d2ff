/**
 * /knowledge add | list | remove — a server's own documents (Markdown, text, PDF, HTML), cited
 * beside the built-in knowledge and retrieved only in this server. Adding and removing need
 * Manage Server; the list is for everyone. All replies are ephemeral.
 */
import { escapeMarkdown, PermissionFlagsBits, SlashCommandBuilder, time, TimestampStyles, type Attachment } from 'discord.js';
import { UserError } from '../../core/errors.js';
import { ACCEPTED_FORMATS_TEXT, checkFormat, checkSize, formatBytes, MAX_DOCUMENT_BYTES, passages, type TeamDocumentSummary } from '../../knowledge/team-documents/index.js';
import type { SlashCommand } from '../command.js';
import { toRequestContext } from '../context.js';
import { CHOICE_LIMITS, clipAtWord, embedsForText } from '../render/limits.js';
import { NO_PINGS_AT_ALL } from '../render/mentions.js';
import { editReplyWithEmbeds } from '../render/reply-parts.js';

/** Discord's CDN answers in well under a second; a stalled download must not hold the reply for ever. */
const DOWNLOAD_TIMEOUT_MS = 15_000;
const ADMIN_SUBCOMMANDS = new Set(['add', 'remove']);

export const command: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('knowledge')
    .setDescription("This server's own documents, cited beside the built-in knowledge")
    .addSubcommand((sub) =>
      sub
        .setName('add')
        .setDescription(`Add a document: Markdown, text, PDF or HTML, up to ${formatBytes(MAX_DOCUMENT_BYTES)} (Manage Server)`)
        .addAttachmentOption((o) => o.setName('file').setDescription('The document (.md, .txt, .pdf, .html)').setRequired(true)),
    )
    .addSubcommand((sub) => sub.setName('list').setDescription('Documents this server added: title, who, when, chunks'))
    .addSubcommand((sub) =>
      sub
        .setName('remove')
        .setDescription('Remove a document this server added (Manage Server)')
        .addStringOption((o) => o.setName('document').setDescription('Its title or id').setRequired(true).setAutocomplete(true).setMaxLength(CHOICE_LIMITS.value)),
    ),
  meta: {
    defer: 'ephemeral',
    requires: (interaction) => (ADMIN_SUBCOMMANDS.has(interaction.options.getSubcommand()) ? PermissionFlagsBits.ManageGuild : undefined),
  },
  async execute(interaction, services) {
    const ctx = toRequestContext(interaction);
    if (ctx.guildId === null) throw new UserError('Team documents belong to a server: use /knowledge in a server channel.', 'server_only');
    const documents = services.teamDocuments;
    const subcommand = interaction.options.getSubcommand();
    if (subcommand === 'add') {
      const attachment = interaction.options.getAttachment('file', true);
      const added = await documents.add(ctx, { ...(await download(attachment)), addedByName: interaction.user.username });
      await reply(
        interaction,
        `Added **${escapeMarkdown(added.title)}** (${passages(added.chunkCount)}, id \`${added.id}\`). Questions asked in this server can now cite it.`,
      );
      return;
    }
    if (subcommand === 'remove') {
      const removed = await documents.remove(ctx, interaction.options.getString('document', true));
      await reply(interaction, `Removed **${escapeMarkdown(removed.title)}**: it is no longer cited here.`);
      return;
    }
    const { own, shared } = await documents.list(ctx);
    const parts = [
      own.length > 0 ? own.map(listLine).join('\n') : `No documents yet. \`/knowledge add\` takes ${ACCEPTED_FORMATS_TEXT} up to ${formatBytes(MAX_DOCUMENT_BYTES)}.`,
      ...(shared.length > 0 ? ['', '**Added from the command line (every server):**', ...shared.map(listLine)] : []),
    ];
    const embeds = embedsForText(parts.join('\n'), (embed, i) => {
      embed.setColor(0x5865f2);
      if (i === 0) embed.setTitle(`This server's documents (${own.length})`);
    });
    await editReplyWithEmbeds(interaction, embeds);
  },
  async autocomplete(interaction, services) {
    const ctx = toRequestContext(interaction);
    const typed = String(interaction.options.getFocused() ?? '').trim().toLowerCase();
    const { own } = ctx.guildId === null ? { own: [] } : await services.teamDocuments.list(ctx);
    const matches = own.filter((d) => typed === '' || d.title.toLowerCase().includes(typed) || d.fileName.toLowerCase().includes(typed) || d.id.startsWith(typed));
    await interaction.respond(matches.slice(0, CHOICE_LIMITS.choices).map((d) => ({ name: clipAtWord(`${d.title} · ${d.fileName}`, CHOICE_LIMITS.name), value: d.id })));
  },
};

function listLine(d: TeamDocumentSummary): string {
  return `\`${d.id}\` **${escapeMarkdown(d.title)}** · ${escapeMarkdown(d.fileName)} · added by ${escapeMarkdown(d.addedByName)} ${time(new Date(d.addedAt), TimestampStyles.ShortDate)} · ${passages(d.chunkCount)}`;
}

async function reply(interaction: Parameters<SlashCommand['execute']>[0], content: string): Promise<void> {
  await interaction.editReply({ content: clipAtWord(content, 2000), allowedMentions: NO_PINGS_AT_ALL });
}

/** The attachment's bytes, refused before downloading when its type or announced size is wrong. */
async function download(attachment: Attachment): Promise<{ fileName: string; bytes: Uint8Array; contentType: string | null }> {
  const fileName = attachment.name;
  checkFormat(fileName, attachment.contentType);
  checkSize(fileName, attachment.size);
  let response: Response;
  try {
    response = await fetch(attachment.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch {
    throw new UserError(`Parley could not download "${fileName}" from Discord. Please try again.`, 'download_failed');
  }
  if (!response.ok) throw new UserError(`Parley could not download "${fileName}" from Discord (HTTP ${response.status}). Please try again.`, 'download_failed');
  const bytes = new Uint8Array(await response.arrayBuffer());
  checkSize(fileName, bytes.byteLength);
  return { fileName, bytes, contentType: attachment.contentType };
}
