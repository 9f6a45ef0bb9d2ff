/**
 * Every message-component handler, routed by the custom_id prefix before the first ':'.
 * To add one: create `<name>.ts` exporting `component`, import it here and add it to the list.
 */
import type { ComponentHandler } from '../command.js';
import { component as poll } from './poll.js';
import { component as arena } from './arena.js';

export const components: readonly ComponentHandler[] = [poll, arena];
