/**
 * Detects a slash command sent from a stale registration: Discord clients keep the command list
 * they loaded, so after an update a member may still send options that no longer exist, miss a
 * new required one, or skip a subcommand. Such an interaction gets a clear note, not a failure.
 */
import { ApplicationCommandOptionType, type CommandInteractionOption, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

export const COMMAND_CHANGED = 'This command has changed since your Discord app loaded it. Reload Discord (Ctrl+R or restart the app), then type `/` and try again.';

interface OptionSpec {
  type: number;
  name: string;
  required?: boolean;
  options?: OptionSpec[];
}

const NESTING = new Set<number>([ApplicationCommandOptionType.Subcommand, ApplicationCommandOptionType.SubcommandGroup]);

/** True when the options sent do not fit the command as Parley defines it now. */
export function isStaleInvocation(definition: RESTPostAPIChatInputApplicationCommandsJSONBody, sent: readonly CommandInteractionOption[]): boolean {
  return !fits((definition.options ?? []) as OptionSpec[], sent);
}

function fits(specs: readonly OptionSpec[], sent: readonly CommandInteractionOption[]): boolean {
  const nested = specs.filter((spec) => NESTING.has(spec.type));
  if (nested.length > 0) {
    const [only, ...more] = sent;
    const spec = only && nested.find((candidate) => candidate.name === only.name && candidate.type === only.type);
    return more.length === 0 && Boolean(spec) && fits(spec!.options ?? [], only!.options ?? []);
  }
  for (const option of sent) {
    const spec = specs.find((candidate) => candidate.name === option.name);
    if (!spec || spec.type !== option.type) return false;
  }
  return specs.every((spec) => !spec.required || sent.some((option) => option.name === spec.name));
}
