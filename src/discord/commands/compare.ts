import { EmbedBuilder, SlashCommandBuilder, type APIEmbedField } from 'discord.js';
import { formatSize } from '../../backends/providers/ollama-models.js';
import type { ModelComparison, TopicComparison, CitedSource } from '../../compare/types.js';
import { ASPECTS } from '../../compare/aspects.js';
import { resolvedNames } from '../../compare/format.js';
import type { SlashCommand } from '../command.js';
import { toRequestContext } from '../context.js';
import { renderArenaContinuations, renderArenaMessage } from '../components/arena.js';
import { AUTOCOMPLETE_WAIT_MS, CHOICE_LIMITS, EMBED_LIMITS, clipAtWord, embedsForText, embedsWithFields, fieldsForText } from '../render/limits.js';
import { editReplyWithEmbeds } from '../render/reply-parts.js';

const COLOR_COMPARE = 0xfee75c;

export const command: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('compare')
    .setDescription('Compare models, open vs closed on one aspect, or two backends’ answers')
    .addSubcommand((sub) =>
      sub
        .setName('models')
        .setDescription('Side-by-side license, commercial use, caps, data terms, price, context — every cell cited')
        .addStringOption((o) => o.setName('a').setDescription('First model, e.g. llama-2-70b').setRequired(true).setAutocomplete(true).setMaxLength(CHOICE_LIMITS.value))
        .addStringOption((o) => o.setName('b').setDescription('Second model, e.g. gpt-4o').setRequired(true).setAutocomplete(true).setMaxLength(CHOICE_LIMITS.value))
        .addStringOption((o) => o.setName('c').setDescription('Optional third model').setAutocomplete(true).setMaxLength(CHOICE_LIMITS.value)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('topic')
        .setDescription('Open versus closed LLMs on one aspect, from the article, cited')
        .addStringOption((o) =>
          o
            .setName('aspect')
            .setDescription('What to compare')
            .setRequired(true)
            .addChoices(...ASPECTS.map((a) => ({ name: a.label, value: a.id }))),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('answers')
        .setDescription('Same question and context to two backends; vote for the better answer')
        .addStringOption((o) => o.setName('question').setDescription('The question both answer').setRequired(true).setMaxLength(1000))
        .addStringOption((o) => o.setName('a').setDescription('First backend, e.g. ollama:llama2').setRequired(true).setAutocomplete(true).setMaxLength(CHOICE_LIMITS.value))
        .addStringOption((o) => o.setName('b').setDescription('Second backend, e.g. openai:gpt-4o').setRequired(true).setAutocomplete(true).setMaxLength(CHOICE_LIMITS.value))
        .addBooleanOption((o) => o.setName('blind').setDescription('Hide which backend wrote which answer until people vote')),
    ),
  meta: {
    // Bad model names are answered privately; the table itself is for the whole channel.
    defer: 'public',
  },
  async execute(interaction, services) {
    const sub = interaction.options.getSubcommand(true);
    if (sub === 'models') {
      const names = ['a', 'b', 'c'].map((k) => interaction.options.getString(k)).filter((v): v is string => v !== null);
      const table = services.compare.compareModels(names);
      await editReplyWithEmbeds(interaction, renderModelComparison(table));
      return;
    }
    if (sub === 'topic') {
      const topic = await services.compare.compareTopic(interaction.options.getString('aspect', true));
      await editReplyWithEmbeds(interaction, renderTopicComparison(topic));
      return;
    }
    const view = await services.arena.start(toRequestContext(interaction), {
      question: interaction.options.getString('question', true),
      a: interaction.options.getString('a', true),
      b: interaction.options.getString('b', true),
      blind: interaction.options.getBoolean('blind') ?? false,
    });
    await interaction.editReply(renderArenaMessage(view));
    // Answers longer than the arena message continue below it, in order, without names.
    const rest = renderArenaContinuations(view);
    if (rest.length > 0) await editReplyWithEmbeds(interaction, rest, { asFollowUps: true });
  },
  async autocomplete(interaction, services) {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value);
    if (interaction.options.getSubcommand(false) === 'answers') {
      const q = typed.trim().toLowerCase();
      const choices = (await services.backends.registry.listLive(AUTOCOMPLETE_WAIT_MS))
        .filter((e) => e.available && e.name.length <= CHOICE_LIMITS.value && (q === '' || e.name.toLowerCase().includes(q)))
        .slice(0, CHOICE_LIMITS.choices)
        .map((e) => ({ name: clipAtWord(`${e.name} (${e.access}${e.sizeBytes ? `, ${formatSize(e.sizeBytes)}` : ''})`, CHOICE_LIMITS.name), value: e.name }));
      await interaction.respond(choices);
      return;
    }
    const models = services.compare.suggestModels(typed, CHOICE_LIMITS.choices);
    await interaction.respond(models.map((m) => ({ name: clipAtWord(`${m.name} (${m.id}) · ${m.access}`, CHOICE_LIMITS.name), value: m.id })));
  },
};

export function renderModelComparison(table: ModelComparison): EmbedBuilder[] {
  const cite = (n: number | null) => (n === null ? '' : ` [${n}]`);
  // A long row continues in "… (continued)" fields, split between cells or words: nothing is cut off.
  const fields: APIEmbedField[] = table.rows.flatMap((row) =>
    fieldsForText(row.label, row.cells.map((cell, i) => `**${table.models[i]!.name}:** ${cell.text}${cite(cell.cite)}`).join('\n')),
  );
  const title = table.models.map((m) => m.name).join(' vs ');
  const readAs = resolvedNames(table);
  const description = [...table.models.map((m) => `**${m.name}** (\`${m.id}\`) — ${m.access === 'open' ? 'open weights' : 'closed'}, ${m.vendor}`), ...(readAs ? [readAs] : [])].join('\n');
  return withSources(embedsForText(description, (embed, i) => decorate(embed, i === 0 ? title : null)), fields, table.sources);
}

export function renderTopicComparison(topic: TopicComparison): EmbedBuilder[] {
  const fields: APIEmbedField[] = topic.rows.flatMap((row) => fieldsForText(row.feature, `**Open:** ${row.open}\n**Closed:** ${row.closed} [${row.cite}]`));
  const description = topic.summary ? `From the article: ${topic.summary}` : 'What the article’s comparison chart says:';
  return withSources(embedsForText(description, (embed, i) => decorate(embed, i === 0 ? `Open vs closed LLMs: ${topic.label}` : null)), fields, topic.sources);
}

function decorate(embed: EmbedBuilder, title: string | null): void {
  embed.setColor(COLOR_COMPARE);
  if (title) embed.setTitle(clipAtWord(title, EMBED_LIMITS.title));
}

/** Adds the fields and the numbered sources after the description embeds, continuing in more embeds as needed. */
function withSources(descriptions: EmbedBuilder[], fields: APIEmbedField[], sources: readonly CitedSource[]): EmbedBuilder[] {
  const sourceFields = sources.length > 0 ? fieldsForText('Sources', sources.map(sourceLine).join('\n')) : [];
  const last = descriptions.pop()!;
  return [...descriptions, ...embedsWithFields(last, [...fields, ...sourceFields])];
}

function sourceLine(source: CitedSource): string {
  const label = clipAtWord(`${source.title} — ${source.section}`.replace(/[[\]]/g, ''), 150);
  const freshness = source.freshness ? ` (${source.freshness})` : '';
  return source.url ? `[${source.n}] [${label}](${source.url})${freshness}` : `[${source.n}] ${label}${freshness}`;
}
