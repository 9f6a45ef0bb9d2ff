import { SlashCommandBuilder, TimestampStyles, time } from 'discord.js';
import { POLL_LIMITS } from '../../polls/parse.js';
import type { SlashCommand } from '../command.js';
import { toRequestContext } from '../context.js';
import { CHOICE_LIMITS, clipAtWord, embedsForText } from '../render/limits.js';
import { editReplyWithEmbeds } from '../render/reply-parts.js';
import { COLOR_POLL_OPEN, renderPollMessage, renderPollResults } from '../render/poll.js';
import { userText, withoutControls } from '../render/user-text.js';

export const command: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('poll')
    .setDescription('Decide together: polls with buttons, deadlines and results')
    .addSubcommand((sub) =>
      sub
        .setName('create')
        .setDescription('Start a poll (2–10 options from text and/or catalog models)')
        .addStringOption((o) => o.setName('question').setDescription('What the team decides').setRequired(true).setMaxLength(POLL_LIMITS.maxQuestionLength))
        .addStringOption((o) => o.setName('options').setDescription('Options separated by ";", e.g. "Llama; GPT-4o; wait"'))
        .addStringOption((o) => o.setName('models').setDescription('Catalog models separated by ",", e.g. llama-2-70b,mistral-7b,gpt-4o'))
        .addStringOption((o) => o.setName('duration').setDescription('How long it stays open: 30m, 2h, 3d… (default 24h, at most 30d)'))
        .addBooleanOption((o) => o.setName('anonymous').setDescription('Hide who voted what from everyone'))
        .addIntegerOption((o) => o.setName('multi').setDescription('Let each member pick up to this many options').setMinValue(2).setMaxValue(POLL_LIMITS.maxOptions)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('close')
        .setDescription('Close a poll now and post the result (its creator or Manage Server)')
        .addStringOption((o) => o.setName('id').setDescription('Poll id (shown under the poll)').setRequired(true).setAutocomplete(true)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('results')
        .setDescription('Show a poll’s tallies (only you see them)')
        .addStringOption((o) => o.setName('id').setDescription('Poll id (shown under the poll)').setRequired(true).setAutocomplete(true)),
    )
    .addSubcommand((sub) => sub.setName('list').setDescription('Open polls in this server')),
  meta: {
    defer: (interaction) => (['create', 'close'].includes(interaction.options.getSubcommand(false) ?? '') ? 'public' : 'ephemeral'),
  },
  async execute(interaction, services) {
    const ctx = toRequestContext(interaction);
    const sub = interaction.options.getSubcommand(true);
    if (sub === 'create') {
      const results = await services.polls.create(ctx, {
        question: interaction.options.getString('question', true),
        ...optional('options', interaction.options.getString('options')),
        ...optional('models', interaction.options.getString('models')),
        ...optional('duration', interaction.options.getString('duration')),
        anonymous: interaction.options.getBoolean('anonymous') ?? false,
        multi: interaction.options.getInteger('multi') ?? 1,
      });
      // The poll and its message are one unit: a poll nobody can see is closed without a word.
      let message;
      try {
        message = await interaction.editReply(renderPollMessage(results, services.catalog));
      } catch (error) {
        await services.polls.abandon(ctx, results.poll.id);
        throw error;
      }
      await services.polls.attachMessage(results.poll.id, message.channelId, message.id);
      return;
    }
    if (sub === 'close') {
      const { results, closedNow } = await services.polls.close(ctx, interaction.options.getString('id', true));
      await interaction.editReply({ ...renderPollResults(results), content: closedNow ? '' : 'This poll was already closed.' });
      return;
    }
    if (sub === 'results') {
      const results = await services.polls.results(ctx, interaction.options.getString('id', true));
      await interaction.editReply(renderPollResults(results));
      return;
    }
    const open = await services.polls.list(ctx);
    const lines = open.map(({ poll, turnout }) => {
      const link = poll.messageId && ctx.guildId ? ` · [open](https://discord.com/channels/${ctx.guildId}/${poll.messageChannelId}/${poll.messageId})` : '';
      return `**${userText(poll.question)}**\n\`${poll.id}\` · closes ${time(new Date(poll.closesAt), TimestampStyles.RelativeTime)} · ${turnout} voted${link}`;
    });
    const text = lines.length > 0 ? lines.join('\n\n') : 'No open polls in this server. Start one with `/poll create`.';
    const embeds = embedsForText(text, (embed, i) => {
      embed.setColor(COLOR_POLL_OPEN);
      if (i === 0) embed.setTitle(`Open polls (${open.length})`);
    });
    await editReplyWithEmbeds(interaction, embeds);
  },
  async autocomplete(interaction, services) {
    const typed = String(interaction.options.getFocused()).toLowerCase();
    const open = await services.polls.list(toRequestContext(interaction));
    const choices = open
      .filter(({ poll }) => poll.id.includes(typed) || poll.question.toLowerCase().includes(typed))
      .slice(0, CHOICE_LIMITS.choices)
      .map(({ poll }) => ({ name: `${clipAtWord(withoutControls(poll.question), CHOICE_LIMITS.name - poll.id.length - 3)} (${poll.id})`, value: poll.id }));
    await interaction.respond(choices);
  },
};

function optional<K extends string>(key: K, value: string | null): Partial<Record<K, string>> {
  return value === null || value.trim() === '' ? {} : ({ [key]: value } as Record<K, string>);
}
