import { SlashCommandBuilder } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../answers/question.js';
import type { SlashCommand } from '../command.js';
import { toRequestContext } from '../context.js';
import { renderAnswer } from '../render/answer.js';
import { CHOICE_LIMITS } from '../render/limits.js';
import { StreamingReply } from '../render/streaming.js';
import { userText } from '../render/user-text.js';
import { backendChoices } from './model.js';

export const command: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask about open vs closed LLMs; the answer cites the knowledge base')
    .addStringOption((option) => option.setName('question').setDescription('Your question, e.g. "Can we ship Llama 2 to 800M users?"').setRequired(true).setMaxLength(MAX_QUESTION_CHARS))
    .addBooleanOption((option) => option.setName('private').setDescription('Only you see the answer'))
    .addStringOption((option) => option.setName('backend').setDescription('Answer this one question with e.g. ollama:llama2 or openai:gpt-4o').setAutocomplete(true).setMaxLength(CHOICE_LIMITS.value)),
  meta: {
    defer: (interaction) => (interaction.options.getBoolean('private') ? 'ephemeral' : 'public'),
  },
  async execute(interaction, services) {
    const question = interaction.options.getString('question', true);
    // The `backend` option is registered by the backends feature; absent, the channel/server default applies.
    const backend = interaction.options.get('backend')?.value;
    // Generative answers stream: one edit per second at most, continuing in follow-ups when full.
    const streaming = new StreamingReply(interaction);
    let result;
    try {
      result = await services.answers.ask(toRequestContext(interaction), {
        question,
        ...(typeof backend === 'string' && backend !== '' ? { backend } : {}),
        onProgress: streaming.onProgress,
      });
    } catch (error) {
      await streaming.stop();
      throw error;
    }
    await streaming.finish(renderAnswer(result, { title: userText(question) }));
  },
  async autocomplete(interaction, services) {
    await interaction.respond(await backendChoices(interaction, services));
  },
};
