/**
 * Word wrapping of terminal output to the terminal's width. A wrapped line continues under its
 * own text: after its indentation, and after a list marker such as "[1] ", "2. " or "• ".
 * Words longer than the line (URLs) stay whole rather than being cut.
 */
import wrapAnsi from 'wrap-ansi';
import { displayWidth } from '../core/display-width.js';

/** Narrower than this, hanging indents would leave no room for the text itself. */
const MIN_TEXT_COLUMNS = 20;
/** A no-break space: wrap-ansi breaks lines at ordinary spaces only. */
const GLUE = '\u00a0';

export function wrapToWidth(text: string, columns: number): string {
  return text
    .split('\n')
    .map((line) => wrapLine(line, columns))
    .join('\n');
}

function wrapLine(line: string, columns: number): string {
  if (displayWidth(line) <= columns) return line;
  // Indentation, then a list marker or a first column ("/ask <question>" then two spaces).
  const marker = /^(\s*(?:\[\d+\]\s+|\d+\.\s+|[•*-]\s+|\S.{0,40}?\s{2,})?)/.exec(line)?.[1] ?? '';
  const hang = columns - displayWidth(marker) >= MIN_TEXT_COLUMNS ? marker : (/^\s*/.exec(line)?.[0] ?? '');
  const indent = ' '.repeat(displayWidth(hang));
  const body = line.slice(hang.length);
  // A citation marker stays on the line of the word it follows ("date [1]." never leaves "[1]." alone).
  const glued = body.replace(/ (?=\[\d+\])/g, GLUE);
  const wrapped = wrapAnsi(glued, columns - indent.length, { hard: false, trim: true }).replaceAll(GLUE, ' ').split('\n');
  // The first line already carries the marker in front of the text.
  return wrapped.map((part, i) => (i === 0 ? `${hang}${part}` : `${indent}${part}`)).join('\n');
}
