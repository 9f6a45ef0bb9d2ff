/** Column widths as a terminal shows them: CJK characters and most emoji take two columns. */
import stringWidth from 'string-width';

export { stringWidth as displayWidth };

/** Pads with spaces to `width` columns (like padEnd, but by display width). */
export function padEndDisplay(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}
