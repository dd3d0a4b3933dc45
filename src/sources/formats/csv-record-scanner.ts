/**
 * Splits csv text into records and fields (the syntax is described in csv-format-reader.ts). One scanner walks one
 * file; after each `next()` the record's fields are in `tokens` (with `quoted[k]` telling whether field k was
 * quoted), or `error` says why the record is malformed. The arrays are reused from record to record.
 */
export interface CsvSyntax {
  readonly header: boolean;
  readonly delimiter: string;
  readonly quote: string;
  readonly escape: string;
  readonly nullValue: string;
}

const NL = 10, CR = 13;

export class CsvRecordScanner {
  readonly tokens: string[] = [];
  readonly quoted: boolean[] = [];
  /** Why the current record is malformed, or null. */
  error: string | null = null;
  /** The line the current record starts on (1-based) and the line it ends on. */
  recordLine = 0;
  endLine = 0;
  private pos = 0;
  private line = 1;
  private recordStart = 0;
  private recordEnd = 0;
  private readonly delim: number;
  private readonly q: number;
  private readonly esc: number;

  constructor(private readonly text: string, syntax: CsvSyntax) {
    this.delim = syntax.delimiter.charCodeAt(0);
    this.q = syntax.quote.charCodeAt(0);
    this.esc = syntax.escape.charCodeAt(0);
  }

  /** The current record's text as it stands in the file (without its line end). */
  raw(): string {
    const { text, recordStart, recordEnd } = this;
    return text.slice(recordStart, recordEnd > recordStart && text.charCodeAt(recordEnd - 1) === CR ? recordEnd - 1 : recordEnd);
  }

  /** Moves to the next record; false at the end of the text. */
  next(): boolean {
    const { text, delim, q, esc, tokens, quoted } = this;
    const n = text.length;
    let pos = this.pos;
    let line = this.line;
    // Empty lines are not records.
    for (;;) {
      if (pos >= n) { this.pos = pos; this.line = line; return false; }
      const c0 = text.charCodeAt(pos);
      if (c0 === NL) { pos++; line++; continue; }
      if (c0 === CR && (pos + 1 === n || text.charCodeAt(pos + 1) === NL)) { pos += 2; line++; continue; }
      break;
    }
    this.recordStart = pos;
    this.recordLine = line;
    tokens.length = 0;
    quoted.length = 0;
    let error: string | null = null;
    // One field per iteration; `pos` is at the field's first character.
    for (;;) {
      if (pos < n && text.charCodeAt(pos) === q) {
        let value = '';
        let chunkStart = ++pos;
        let closed = false;
        while (pos < n) {
          const c = text.charCodeAt(pos);
          if (c === esc && esc !== q && pos + 1 < n && (text.charCodeAt(pos + 1) === q || text.charCodeAt(pos + 1) === esc)) {
            value += text.slice(chunkStart, pos) + text[pos + 1];
            pos += 2;
            chunkStart = pos;
          } else if (c === q) {
            if (pos + 1 < n && text.charCodeAt(pos + 1) === q) {
              value += text.slice(chunkStart, pos + 1);
              pos += 2;
              chunkStart = pos;
            } else {
              value += text.slice(chunkStart, pos);
              pos++;
              closed = true;
              break;
            }
          } else {
            if (c === NL) line++;
            pos++;
          }
        }
        if (!closed) { error = 'a quoted field is not closed before the end of the file'; break; }
        tokens.push(value);
        quoted.push(true);
        const next = pos < n ? text.charCodeAt(pos) : NL;
        if (next === delim) { pos++; continue; }
        if (next === NL || (next === CR && (pos + 1 === n || text.charCodeAt(pos + 1) === NL))) break;
        error = `unexpected character ${JSON.stringify(text[pos])} after a closing quote`;
        break;
      }
      let end = pos;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === delim || c === NL) break;
        end++;
      }
      const atDelimiter = end < n && text.charCodeAt(end) === delim;
      const fieldEnd = !atDelimiter && end > pos && text.charCodeAt(end - 1) === CR ? end - 1 : end;
      tokens.push(text.slice(pos, fieldEnd));
      quoted.push(false);
      pos = end;
      if (atDelimiter) { pos++; continue; }
      break;
    }
    // `pos` is at the record's line end (or where the error was found): move past the end of that line.
    if (error !== null) {
      while (pos < n && text.charCodeAt(pos) !== NL) pos++;
    } else if (pos < n && text.charCodeAt(pos) === CR) {
      pos++;
    }
    this.recordEnd = pos;
    this.endLine = line;
    if (pos < n) { pos++; line++; }
    this.pos = pos;
    this.line = line;
    this.error = error;
    return true;
  }
}
