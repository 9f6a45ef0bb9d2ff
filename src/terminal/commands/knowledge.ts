/**
 * `/knowledge add <path> | list | remove <id or file name>` in the terminal: documents added here
 * (like those added with `npm run knowledge`) serve every server.
 */
import os from 'node:os';
import { isUserError } from '../../core/errors.js';
import { passages, readDocumentFile, type TeamDocumentService, type TeamDocumentSummary } from '../../knowledge/team-documents/index.js';
import type { RequestContext } from '../../core/types.js';
import type { TerminalCommand } from './types.js';

/** Shown in citations of documents added from this machine: "(added by <login name>)". */
export function localUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'the command line';
  }
}

export function documentListText(documents: readonly TeamDocumentSummary[]): string {
  if (documents.length === 0) return 'No documents added from the command line yet.';
  return documents
    .map((d) => `${d.id}  ${d.title} · ${d.fileName} · added by ${d.addedByName} on ${new Date(d.addedAt).toISOString().slice(0, 10)} · ${passages(d.chunkCount)}`)
    .join('\n');
}

/** Runs one add/list/remove and returns what to print; user mistakes come back as UserError. */
export async function runKnowledgeAction(documents: TeamDocumentService, ctx: RequestContext, action: string, argument: string): Promise<string | null> {
  if (action === 'list') return documentListText((await documents.list(ctx)).own);
  if (action === 'add' && argument !== '') {
    const added = await documents.add(ctx, { ...(await readDocumentFile(argument)), addedByName: localUserName() });
    return `Added "${added.title}" (${passages(added.chunkCount)}, id ${added.id}). Every server can now cite it.`;
  }
  if (action === 'remove' && argument !== '') {
    const removed = await documents.remove(ctx, argument);
    return `Removed "${removed.title}" (${removed.fileName}).`;
  }
  return null;
}

export const knowledgeCommand: TerminalCommand = {
  name: 'knowledge',
  usage: '/knowledge add <path> | /knowledge list | /knowledge remove <id or file name>',
  description: 'Add your own documents (Markdown, text, PDF, HTML) to what answers cite, list or remove them.',
  async run(args, session) {
    const [action = 'list', ...rest] = args.split(/\s+/).filter(Boolean);
    try {
      const text = await runKnowledgeAction(session.services.teamDocuments, session.ctx, action, rest.join(' '));
      session.write(text ?? `Usage: ${knowledgeCommand.usage}`);
    } catch (error) {
      if (!isUserError(error)) throw error;
      session.write(error.message);
    }
  },
};
