/**
 * `npm run knowledge -- add <file>` | `list` | `remove <id or file name>`: the team documents added
 * from the command line, which serve every server (Discord servers add their own with /knowledge).
 * A running bot picks changes made here up without a restart: it checks the store at most every 10 s, when asked a question.
 */
import { isUserError } from '../src/core/errors.js';
import { runEntryPoint } from '../src/terminal/entry.js';
import { runKnowledgeAction } from '../src/terminal/commands/knowledge.js';
import { terminalContext } from '../src/terminal/repl.js';

const USAGE = `Usage: npm run knowledge -- add <file>                 (Markdown, text, PDF or HTML)
       npm run knowledge -- list
       npm run knowledge -- remove <id or file name>`;

await runEntryPoint(async (config) => {
  const [action = '', ...rest] = process.argv.slice(2);
  if (action === '--help' || action === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!['add', 'list', 'remove'].includes(action) || (action !== 'list' && rest.length === 0)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { createServices } = await import('../src/app/create-services.js');
  const services = await createServices(config);
  try {
    const text = await runKnowledgeAction(services.teamDocuments, terminalContext(), action, rest.join(' '));
    process.stdout.write(`${text ?? USAGE}\n`);
    return 0;
  } catch (error) {
    if (!isUserError(error)) throw error;
    process.stderr.write(`knowledge: ${error.message}\n`);
    return 1;
  } finally {
    await services.close();
  }
});
