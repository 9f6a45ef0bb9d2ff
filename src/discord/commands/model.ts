/**
 * /model list | use | default | policy — which backend answers, per person, per server and per
 * channel (open-only policy). Server default and policy need Manage Server.
 */
import { PermissionFlagsBits, SlashCommandBuilder, type AutocompleteInteraction } from 'discord.js';
import type { Services } from '../../app/services.js';
import type { ChannelPolicy } from '../../backends/settings-repository.js';
import type { SlashCommand } from '../command.js';
import { toRequestContext } from '../context.js';
import { accessBadge, backendLine, choiceLabel } from '../render/backends.js';
import { NO_PINGS_AT_ALL } from '../render/mentions.js';
import { AUTOCOMPLETE_WAIT_MS, CHOICE_LIMITS, embedsForText } from '../render/limits.js';
import { editReplyWithEmbeds } from '../render/reply-parts.js';

const ADMIN_SUBCOMMANDS = new Set(['default', 'policy']);
/** Typed as the backend to clear a personal choice or server default. */
export const RESET_VALUE = 'reset';

const SOURCE_TEXT = { question: 'this question', personal: 'your choice (`/model use`)', server: "this server's default", config: "Parley's configured default", 'built-in': 'the built-in default' } as const;

export const command: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('model')
    .setDescription('Choose which model answers: open or closed')
    .addSubcommand((sub) => sub.setName('list').setDescription('Every answering backend: open/closed, license, price, availability'))
    .addSubcommand((sub) =>
      sub
        .setName('use')
        .setDescription('Answer your questions with this backend (type "reset" to go back to the default)')
        .addStringOption((o) => o.setName('backend').setDescription('e.g. local, ollama:llama2, openai:gpt-4o').setRequired(true).setAutocomplete(true).setMaxLength(CHOICE_LIMITS.value)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('default')
        .setDescription("Set this server's default backend (Manage Server)")
        .addStringOption((o) => o.setName('backend').setDescription('e.g. local, ollama:llama2 ("reset" clears it)').setRequired(true).setAutocomplete(true).setMaxLength(CHOICE_LIMITS.value)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('policy')
        .setDescription('Allow only open models in this channel, or any (Manage Server)')
        .addStringOption((o) =>
          o.setName('mode').setDescription('open-only refuses closed backends here').setRequired(true).addChoices({ name: 'open-only', value: 'open-only' }, { name: 'any', value: 'any' }),
        ),
    ),
  meta: {
    defer: (interaction) => (interaction.options.getSubcommand() === 'policy' ? 'public' : 'ephemeral'),
    requires: (interaction) => (ADMIN_SUBCOMMANDS.has(interaction.options.getSubcommand()) ? PermissionFlagsBits.ManageGuild : undefined),
  },
  async execute(interaction, services) {
    const ctx = toRequestContext(interaction);
    const { selection } = services.backends;
    const subcommand = interaction.options.getSubcommand();
    let text: string;
    if (subcommand === 'list') {
      const { items, current, source, policy } = await services.backends.listFor(ctx);
      const header = [
        `You are on \`${current.name}\` (${accessBadge(current)}), from ${SOURCE_TEXT[source]}.`,
        policy === 'open-only' ? 'This channel is **open-only**: closed backends are refused here.' : 'This channel allows any backend.',
        '',
      ];
      const body = items.map(backendLine).join('\n');
      const footer = '\nAny `ollama:<model>`, `openai:<model>`, `anthropic:<model>` or `google:<model>` works too. `/model use` to switch.';
      // Every backend is listed, however many are configured: more embeds, then more messages.
      const embeds = embedsForText([...header, body, footer].join('\n'), (embed, i) => {
        embed.setColor(0x5865f2);
        if (i === 0) embed.setTitle('Answering backends');
      });
      await editReplyWithEmbeds(interaction, embeds);
      return;
    }
    if (subcommand === 'use') {
      const name = interaction.options.getString('backend', true).trim();
      const entry = await selection.usePersonal(ctx, name.toLowerCase() === RESET_VALUE ? null : name);
      text = entry
        ? `From now on your questions are answered by \`${entry.name}\` (${accessBadge(entry)}). \`/model use backend:reset\` goes back to the default.`
        : 'Your personal choice is cleared: the server default applies again.';
    } else if (subcommand === 'default') {
      const name = interaction.options.getString('backend', true).trim();
      const entry = await selection.setServerDefault(ctx, name.toLowerCase() === RESET_VALUE ? null : name);
      text = entry ? `This server's default backend is now \`${entry.name}\` (${accessBadge(entry)}).` : "This server's default is cleared.";
    } else {
      const mode = interaction.options.getString('mode', true) as ChannelPolicy;
      await selection.setPolicy(ctx, mode);
      text =
        mode === 'open-only'
          ? '🟢 This channel is now **open-only**: questions here are answered only by open models; closed backends are refused.'
          : 'This channel now allows **any** backend, open or closed.';
      // A thread or forum post follows its parent channel, so the policy was set there.
      if (ctx.parentChannelId) text += ` (Set on <#${ctx.parentChannelId}>: its threads follow it.)`;
    }
    await interaction.editReply({ content: text, allowedMentions: NO_PINGS_AT_ALL });
  },
  async autocomplete(interaction, services) {
    await interaction.respond(await backendChoices(interaction, services));
  },
};

/** Up to 25 backend choices matching what the member typed, labelled open/closed (shared with /ask). */
export async function backendChoices(interaction: AutocompleteInteraction, services: Services): Promise<Array<{ name: string; value: string }>> {
  const typed = String(interaction.options.getFocused() ?? '').trim().toLowerCase();
  const { registry, selection } = services.backends;
  const policy = await selection.policy(toRequestContext(interaction));
  // A name over 100 characters cannot be a choice value (nor typed into the option): leave it out rather than send a wrong one.
  const entries = (await registry.listLive(AUTOCOMPLETE_WAIT_MS)).filter((entry) => entry.name.length <= CHOICE_LIMITS.value && (typed === '' || entry.name.toLowerCase().includes(typed)));
  const typedEntry = typed.includes(':') ? registry.find(typed) : undefined;
  if (typedEntry && typedEntry.name.length <= CHOICE_LIMITS.value && !entries.some((entry) => entry.name === typedEntry.name)) entries.unshift(typedEntry);
  return entries.slice(0, CHOICE_LIMITS.choices).map((entry) => ({ name: choiceLabel(entry, policy === 'open-only' && entry.access === 'closed'), value: entry.name }));
}
