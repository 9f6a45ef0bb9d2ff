/**
 * Text typed by members, made safe to show in Discord: it is shown as typed, never as markdown
 * (a poll option must not become a masked link to a phishing page, nor `a**b` break the bold
 * around it), and without control characters or direction overrides that reorder what follows.
 */
import { escapeMarkdown } from 'discord.js';

// C0/C1 controls (tab and newline kept), bidi marks, embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Without control characters and bidi overrides (for titles, labels and anything quoted back). */
export function withoutControls(text: string): string {
  return text.replace(INVISIBLE_CONTROLS, '');
}

/** Member text for markdown fields (descriptions, content, fields): controls stripped, markdown escaped. */
export function userText(text: string): string {
  return escapeMarkdown(withoutControls(text), { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
}
