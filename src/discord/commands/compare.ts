import { EmbedBuilder, SlashCommandBuilder, type APIEmbedField } from 'discord.js';
import type { ModelComparison, TopicComparison, CitedSource } from '../../compare/types.js';
import { ASPECTS } from '../../compare/aspects.js';
import type { SlashCommand } from '../command.js';
import { toRequestContext } from '../context.js';
import { renderArenaMessage } from '../components/arena.js';
import { NO_PINGS_AT_ALL } from '../render/mentions.js';

const COLOR_COMPARE = 0xfee75c;
const FIELD_LIMIT = 1024;
const EMBED_TOTAL_LIMIT = 6000;

export const command: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('compare')
    .setDescription('Compare models, open vs closed on one aspect, or two backends’ answers')
    .addSubcommand((sub) =>
      sub
        .setName('models')
        .setDescription('Side-by-side license, commercial use, caps, data terms, price, context — every cell cited')
        .addStringOption((o) => o.setName('a').setDescription('First model, e.g. llama-2-70b').setRequired(true).setAutocomplete(true))
        .addStringOption((o) => o.setName('b').setDescription('Second model, e.g. gpt-4o').setRequired(true).setAutocomplete(true))
        .addStringOption((o) => o.setName('c').setDescription('Optional third model').setAutocomplete(true)),
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
        .addStringOption((o) => o.setName('a').setDescription('First backend, e.g. ollama:llama2').setRequired(true).setAutocomplete(true))
        .addStringOption((o) => o.setName('b').setDescription('Second backend, e.g. openai:gpt-4o').setRequired(true).setAutocomplete(true))
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
      await interaction.editReply({ embeds: renderModelComparison(table), allowedMentions: NO_PINGS_AT_ALL });
      return;
    }
    if (sub === 'topic') {
      const topic = await services.compare.compareTopic(interaction.options.getString('aspect', true));
      await interaction.editReply({ embeds: renderTopicComparison(topic), allowedMentions: NO_PINGS_AT_ALL });
      return;
    }
    const view = await services.arena.start(toRequestContext(interaction), {
      question: interaction.options.getString('question', true),
      a: interaction.options.getString('a', true),
      b: interaction.options.getString('b', true),
      blind: interaction.options.getBoolean('blind') ?? false,
    });
    await interaction.editReply(renderArenaMessage(view));
  },
  async autocomplete(interaction, services) {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value);
    if (interaction.options.getSubcommand(false) === 'answers') {
      const q = typed.trim().toLowerCase();
      const choices = services.backends.registry
        .list()
        .filter((e) => e.available && (q === '' || e.name.toLowerCase().includes(q)))
        .slice(0, 25)
        .map((e) => ({ name: `${e.name} (${e.access})`.slice(0, 100), value: e.name }));
      await interaction.respond(choices);
      return;
    }
    const models = services.compare.suggestModels(typed, 25);
    await interaction.respond(models.map((m) => ({ name: `${m.name} (${m.id}) · ${m.access}`.slice(0, 100), value: m.id })));
  },
};

export function renderModelComparison(table: ModelComparison): EmbedBuilder[] {
  const cite = (n: number | null) => (n === null ? '' : ` [${n}]`);
  const fields: APIEmbedField[] = table.rows.map((row) => ({
    name: row.label,
    value: clip(
      row.cells.map((cell, i) => `**${table.models[i]!.name}:** ${clip(cell.text, Math.floor(900 / table.models.length))}${cite(cell.cite)}`).join('\n'),
      FIELD_LIMIT,
    ),
  }));
  const title = table.models.map((m) => m.name).join(' vs ');
  const description = table.models.map((m) => `**${m.name}** (\`${m.id}\`) — ${m.access === 'open' ? 'open weights' : 'closed'}, ${m.vendor}`).join('\n');
  return packEmbeds(new EmbedBuilder().setColor(COLOR_COMPARE).setTitle(clip(title, 256)).setDescription(description), fields, table.sources);
}

export function renderTopicComparison(topic: TopicComparison): EmbedBuilder[] {
  const fields: APIEmbedField[] = topic.rows.map((row) => ({
    name: row.feature,
    value: clip(`**Open:** ${row.open}\n**Closed:** ${row.closed} [${row.cite}]`, FIELD_LIMIT),
  }));
  const description = topic.summary ? `From the article: ${topic.summary}` : 'What the article’s comparison chart says:';
  return packEmbeds(new EmbedBuilder().setColor(COLOR_COMPARE).setTitle(`Open vs closed LLMs: ${topic.label}`).setDescription(clip(description, 4096)), fields, topic.sources);
}

/** Adds the fields and the numbered sources, continuing in a second embed past Discord's 6,000-character total. */
function packEmbeds(first: EmbedBuilder, fields: APIEmbedField[], sources: readonly CitedSource[]): EmbedBuilder[] {
  const sourceFields = chunkLines(sources.map(sourceLine), FIELD_LIMIT).map((value, i) => ({ name: i === 0 ? 'Sources' : 'Sources (continued)', value }));
  const embeds = [first];
  let current = first;
  let size = (first.data.title?.length ?? 0) + (first.data.description?.length ?? 0);
  for (const field of [...fields, ...sourceFields]) {
    const fieldSize = field.name.length + field.value.length;
    if (size + fieldSize > EMBED_TOTAL_LIMIT - 200 || (current.data.fields?.length ?? 0) >= 25) {
      current = new EmbedBuilder().setColor(COLOR_COMPARE);
      embeds.push(current);
      size = 0;
    }
    current.addFields(field);
    size += fieldSize;
  }
  return embeds;
}

function sourceLine(source: CitedSource): string {
  const label = `${source.title} — ${source.section}`.replace(/[[\]]/g, '');
  return source.url ? `[${source.n}] [${clip(label, 150)}](${source.url})` : `[${source.n}] ${clip(label, 150)}`;
}

function chunkLines(lines: string[], limit: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > limit) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push(current);
  return out;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
