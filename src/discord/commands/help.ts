import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../command.js';
import { NO_PINGS_AT_ALL } from '../render/mentions.js';
import { splitMessage } from '../render/split-message.js';
import { commands } from './index.js';

interface CommandJson {
  name: string;
  description: string;
  options?: Array<{ type: number; name: string; description: string; options?: CommandJson['options'] }>;
}

const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;

export function helpText(list: readonly SlashCommand[]): string {
  const lines = ['**Parley** helps your team choose an LLM, with answers that cite their sources.', ''];
  for (const entry of list) {
    const json = entry.data.toJSON() as CommandJson;
    const subcommands = (json.options ?? []).flatMap((option) =>
      option.type === SUBCOMMAND ? [[option.name, option.description]] : option.type === SUBCOMMAND_GROUP ? (option.options ?? []).map((sub) => [`${option.name} ${sub.name}`, sub.description]) : [],
    );
    if (subcommands.length === 0) lines.push(`\`/${json.name}\` — ${json.description}`);
    for (const [name, description] of subcommands) lines.push(`\`/${json.name} ${name}\` — ${description}`);
  }
  lines.push('', 'You can also mention me (@Parley) with a question, and reply to my answers to keep the conversation going.');
  return lines.join('\n');
}

export const command: SlashCommand = {
  data: new SlashCommandBuilder().setName('help').setDescription('What Parley can do and how to use it'),
  meta: { defer: 'none' },
  async execute(interaction) {
    const [first = '', ...rest] = splitMessage(helpText(commands));
    await interaction.reply({ content: first, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS_AT_ALL });
    for (const part of rest) await interaction.followUp({ content: part, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS_AT_ALL });
  },
};
