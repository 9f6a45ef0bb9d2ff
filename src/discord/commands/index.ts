/**
 * Every slash command Parley has. To add one: create `<name>.ts` exporting `command`, import it
 * here and add it to the list; then run `npm run deploy-commands`.
 */
import type { SlashCommand } from '../command.js';
import { command as ask } from './ask.js';
import { command as help } from './help.js';
import { command as model } from './model.js';
import { command as usage } from './usage.js';
import { command as poll } from './poll.js';
import { command as compare } from './compare.js';
import { command as leaderboard } from './leaderboard.js';
import { command as knowledge } from './knowledge.js';

export const commands: readonly SlashCommand[] = [ask, help, poll, model, usage, compare, leaderboard, knowledge];
