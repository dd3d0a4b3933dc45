/**
 * An error as `formatError` renders it (message, then the source line and a caret line), laid out for a
 * terminal of a given width: the message is wrapped at spaces, and a source line too long for the screen
 * is shown as a window around the caret, cut ends marked with `…`, so the caret still points at the token.
 * ```
 * error: Syntax error at or near 'FORM': expected … (line 1, column 40)
 *    1 | …ount(*) AS n FORM r GROUP BY value % 2, value % 3, value % 5, value …
 *      |               ^^^^
 * ```
 */

const SOURCE_LINE = /^(\s*\d+ \| )(.*)$/;
const CARET_LINE = /^(\s+\| )( *)(\^+)$/;

export function fitErrorText(formatted: string, width: number): string {
  const lines = formatted.split('\n');
  const at = lines.findIndex((l, i) => SOURCE_LINE.test(l) && CARET_LINE.test(lines[i + 1] ?? ''));
  const message = at < 0 ? lines : lines.slice(0, at);
  const out = message.flatMap((l) => wrapWords(l, width));
  if (at >= 0) out.push(...sourceWindow(lines[at]!, lines[at + 1]!, width), ...lines.slice(at + 2).flatMap((l) => wrapWords(l, width)));
  return out.join('\n');
}

function wrapWords(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  if (current !== '') out.push(current);
  return out;
}

function sourceWindow(sourceLine: string, caretLine: string, width: number): string[] {
  const [, prefix, src] = SOURCE_LINE.exec(sourceLine)!;
  const [, caretPrefix, spaces, carets] = CARET_LINE.exec(caretLine)!;
  const room = width - prefix!.length;
  if (src!.length <= room || room < 10) return [sourceLine, caretLine];
  const caretAt = spaces!.length;
  // Keep some text before the token, and as much of the token as fits.
  const start = Math.max(0, Math.min(caretAt - Math.floor(room / 3), src!.length - room));
  let shown = src!.slice(start, start + room);
  if (start > 0) shown = '…' + shown.slice(1);
  if (start + room < src!.length) shown = shown.slice(0, -1) + '…';
  const caretWidth = Math.max(1, Math.min(carets!.length, room - (caretAt - start)));
  return [prefix + shown, caretPrefix + ' '.repeat(caretAt - start) + '^'.repeat(caretWidth)];
}
