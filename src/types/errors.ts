/**
 * Errors are values with a code, a message a user can act on, and — for anything that came from SQL text — the
 * position of the offending token. `formatError` renders the position as `line L, column C` with the source
 * line and a caret under the token.
 */
export interface SourcePosition {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** 0-based character offset into the text the parser was given (`sourceText`). */
  readonly offset: number;
  /** Length of the token in characters (at least 1 for the caret). */
  readonly length: number;
}

export type ErrorCode =
  | 'PARSE_ERROR'
  | 'ANALYSIS_ERROR'
  | 'TYPE_ERROR'
  | 'UNSUPPORTED'
  | 'RUNTIME_ERROR'
  | 'IO_ERROR'
  | 'CHECKPOINT_ERROR'
  | 'MALFORMED_RECORD'
  | 'QUERY_STOPPED';

export class SluiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly position?: SourcePosition,
    /** The SQL text the position refers to, when known; filled in by whoever holds it. */
    public sourceText?: string,
  ) {
    super(message);
    this.name = 'SluiceError';
  }
}

export function parseError(message: string, position?: SourcePosition): SluiceError {
  return new SluiceError('PARSE_ERROR', message, position);
}
export function analysisError(message: string, position?: SourcePosition): SluiceError {
  return new SluiceError('ANALYSIS_ERROR', message, position);
}
export function runtimeError(message: string): SluiceError {
  return new SluiceError('RUNTIME_ERROR', message);
}

/** Renders an error for a person: the message, then `line L, column C`, the source line and a caret. */
export function formatError(err: unknown, sourceText?: string): string {
  if (!(err instanceof SluiceError)) return err instanceof Error ? err.message : String(err);
  const text = err.sourceText ?? sourceText;
  const pos = err.position;
  if (!pos) return err.message;
  let out = `${err.message} (line ${pos.line}, column ${pos.column})`;
  if (text !== undefined) {
    const lines = text.split('\n');
    const src = lines[pos.line - 1];
    if (src !== undefined) {
      const width = Math.max(1, Math.min(pos.length, src.length - (pos.column - 1)));
      out += `\n${pos.line.toString().padStart(4)} | ${src}\n     | ${' '.repeat(pos.column - 1)}${'^'.repeat(width)}`;
    }
  }
  return out;
}
