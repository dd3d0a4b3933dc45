/**
 * Measuring and fitting text to terminal columns, for everything the REPL draws on a screen: a cell or a line
 * that is too wide is cut and ends with `…`, so nothing ever wraps. Widths count terminal columns: East Asian
 * wide characters take two, combining marks none.
 *
 * ```ts
 * fitText('a long value', 6);      // 'a lon…'
 * displayWidth('日本');             // 4
 * printable('a\tb\nc');            // 'a b↵c' — a value can never move the cursor
 * ```
 */

export const ELLIPSIS = '…';

/** Columns one code point takes: 0 (combining marks, zero-width), 1, or 2 (wide). */
export function codePointWidth(c: number): number {
  if (c === 0x200b || c === 0x200c || c === 0x200d || c === 0xfeff) return 0;
  if ((c >= 0x0300 && c <= 0x036f) || (c >= 0x1ab0 && c <= 0x1aff) || (c >= 0x1dc0 && c <= 0x1dff)
    || (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe20 && c <= 0xfe2f)) return 0;
  if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3)
    || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60)
    || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd)) return 2;
  return 1;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += codePointWidth(ch.codePointAt(0)!);
  return w;
}

/**
 * `s` cut to at most `width` columns; a cut string ends with `…` (which takes one column). Widths below 1
 * give ''.
 */
export function fitText(s: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(s) <= width) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = codePointWidth(ch.codePointAt(0)!);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + ELLIPSIS;
}

/** `s` fitted to exactly `width` columns: cut with `…` or padded with spaces, on the left when `alignRight`. */
export function fitCell(s: string, width: number, alignRight: boolean): string {
  const cut = fitText(s, width);
  const fill = ' '.repeat(Math.max(0, width - displayWidth(cut)));
  return alignRight ? fill + cut : cut + fill;
}

/**
 * A value as it may be shown on one terminal line: tabs become spaces, line breaks `↵`, and other control
 * characters (including ESC, which would start an escape sequence) their Unicode control pictures.
 */
export function printable(s: string): string {
  if (!/[\u0000-\u001f\u007f-\u009f]/.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x09) out += ' ';
    else if (c === 0x0a) out += '↵';
    else if (c === 0x0d) out += '';
    else if (c < 0x20) out += String.fromCodePoint(0x2400 + c);
    else if (c === 0x7f) out += '␡';
    else if (c >= 0x80 && c <= 0x9f) out += '�';
    else out += ch;
  }
  return out;
}
