/**
 * Decoding of literal and identifier token text as Spark does it: string escapes and doubled quotes,
 * backquoted names and number suffixes.
 */

const HEX4 = /^[0-9a-fA-F]{4}$/;

/**
 * The value of a string literal token (`'…'` or `"…"`, quotes included). Escapes follow Spark's
 * unescapeSQLString: `\n \t \r \b \0 \Z \uXXXX`, octal `\ooo`, `\%` and `\_` kept with their backslash (they mean
 * something to LIKE), any other `\c` is `c`; a doubled quote stands for one.
 */
export function unquoteString(image: string): string {
  const quote = image.charAt(0);
  const body = image.slice(1, -1);
  if (!body.includes('\\') && !body.includes(quote)) return body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body.charAt(i);
    if (c === '\\' && i + 1 < body.length) {
      const next = body.charAt(i + 1);
      if (next === 'u' && HEX4.test(body.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(body.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      if (/^[0-3][0-7][0-7]$/.test(body.slice(i + 1, i + 4))) {
        out += String.fromCharCode(parseInt(body.slice(i + 1, i + 4), 8));
        i += 4;
        continue;
      }
      out += escapeChar(next);
      i += 2;
      continue;
    }
    if (c === quote && body.charAt(i + 1) === quote) {
      out += quote;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function escapeChar(c: string): string {
  switch (c) {
    case '0': return '\u0000';
    case 'b': return '\b';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'Z': return '\u001a';
    case '%': return '\\%';
    case '_': return '\\_';
    default: return c;
  }
}

/** The name in a backquoted identifier: `` `a``b` `` is ``a`b``. */
export function unquoteIdentifier(image: string): string {
  return image.slice(1, -1).replace(/``/g, '`');
}

/** The numeric value of a number literal's text, type suffix (`L`, `D`, `BD`…) ignored. */
export function numberValue(text: string): number {
  return Number(text.replace(/(?:[bB][dD]|[lLsSyYdDfF])$/, ''));
}
