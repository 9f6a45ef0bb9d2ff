/** `/model list` and `/model use <backend>` in the terminal (same services as Discord's /model). */
import { formatSize } from '../../backends/providers/ollama-models.js';
import { isUserError } from '../../core/errors.js';
import { licenseAndPrice } from '../../knowledge/catalog-freshness.js';
import type { TerminalCommand } from './types.js';

export const modelCommand: TerminalCommand = {
  name: 'model',
  usage: '/model list | /model use <backend|reset>',
  description: 'List answering backends (open/closed, available or why not) or switch yours.',
  async run(args, session) {
    const [action = 'list', ...rest] = args.split(/\s+/).filter(Boolean);
    const { backends } = session.services;
    try {
      if (action === 'list') {
        const { items, current } = await backends.listFor(session.ctx);
        const lines = items.map(({ entry, catalogModel }) => {
          const marker = entry.name === current.name ? '*' : ' ';
          const access = entry.provider === 'local' ? 'open (embedded)' : `${entry.access}${entry.sizeBytes ? `, ${formatSize(entry.sizeBytes)}` : ''}`;
          const status = entry.available ? 'available' : `not available: ${entry.unavailableReason ?? 'not configured'}`;
          return `${marker} ${entry.name.padEnd(36)} ${access.padEnd(16)} ${status}${catalogModel ? ` · ${licenseAndPrice(catalogModel, new Date())}` : ''}`;
        });
        session.write(`${lines.join('\n')}\n(* = yours. Any ollama:<model>, openai:<model>, anthropic:<model> or google:<model> works too.)`);
        return;
      }
      if (action === 'use' && rest.length > 0) {
        const name = rest.join(' ');
        const entry = await backends.selection.usePersonal(session.ctx, name.toLowerCase() === 'reset' ? null : name);
        session.write(entry ? `Now answering with ${entry.name} (${entry.access}).` : 'Back to the default backend.');
        return;
      }
      session.write(`Usage: ${modelCommand.usage}`);
    } catch (error) {
      if (!isUserError(error)) throw error;
      session.write(error.message);
    }
  },
};
