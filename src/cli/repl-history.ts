/**
 * The REPL's history across sessions: `~/.sluice_history`, or the file named by `SLUICE_HISTORY`.
 *
 * File format: one entry per line, oldest first, UTF-8; a statement typed over several lines is one entry,
 * its lines joined with spaces (comments dropped, so a `--` comment cannot swallow the lines after it). The
 * file keeps the newest `limit` entries: it is rewritten when it has grown past twice that, otherwise new
 * entries are appended as they are entered, so a crash loses nothing already run.
 *
 * ```ts
 * const h = new HistoryFile(historyPath());
 * const entries = h.load();            // newest first, as readline wants them
 * h.append('SELECT 1;');
 * ```
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tokenize } from '../sql/lexer.js';

export const DEFAULT_HISTORY_LIMIT = 1000;

export function historyPath(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.SLUICE_HISTORY;
  if (configured !== undefined && configured !== '') return path.resolve(configured);
  return path.join(os.homedir(), '.sluice_history');
}

export class HistoryFile {
  private broken = false;

  constructor(readonly file: string, private readonly limit = DEFAULT_HISTORY_LIMIT) {}

  /** The entries, newest first; none when the file does not exist or cannot be read. */
  load(): string[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const entries = text.split('\n').filter((l) => l.trim() !== '');
    if (entries.length > 2 * this.limit) {
      entries.splice(0, entries.length - this.limit);
      this.write(entries.join('\n') + '\n', 'w');
    }
    return entries.slice(-this.limit).reverse();
  }

  append(entry: string): void {
    if (entry.trim() === '') return;
    this.write(entry.replace(/\n/g, ' ') + '\n', 'a');
  }

  /** History is a convenience: a read-only home directory must not stop the REPL, so failures are ignored. */
  private write(text: string, flag: 'a' | 'w'): void {
    if (this.broken) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(this.file, text, { flag, mode: 0o600 });
    } catch {
      this.broken = true;
    }
  }
}

/** The history entry for a statement typed as `lines`: one line, comments dropped, line breaks as spaces. */
export function historyEntry(lines: readonly string[]): string {
  const text = lines.join('\n');
  if (lines.length === 1 && !text.includes('--') && !text.includes('/*')) return text.trim();
  const { tokens, unterminated } = tokenize(text);
  if (unterminated !== undefined) return lines.map((l) => l.trim()).join(' ').trim();
  let out = '';
  let at = 0;
  for (const t of tokens) {
    const gap = text.slice(at, t.startOffset);
    // Whitespace within a line is kept as typed; a gap holding a line break or a comment becomes one space.
    if (gap !== '') out += /[\n\r]|--|\/\*/.test(gap) ? ' ' : gap;
    out += t.image.replace(/\r?\n/g, ' ');
    at = (t.endOffset ?? t.startOffset) + 1;
  }
  return out.trim();
}
