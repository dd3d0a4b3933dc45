/**
 * Drives `sluice` in a real terminal: a tmux server of its own (a private socket, so tests never touch anyone
 * else's tmux), one window of the given size running `bin/sluice.js` under `sh`, which prints
 * `[exited <status>]` when the REPL ends. Keys go in with `send-keys`, the screen comes back with
 * `capture-pane`, and every wait polls the screen until a condition holds or a timeout passes.
 */
import { execFile } from 'node:child_process';
import { existsSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sluiceBin = path.join(projectRoot, 'bin', 'sluice.js');

/** The compiled CLI must exist: `npm run build` (CI builds before testing). */
export function assertBuilt(): void {
  if (!existsSync(path.join(projectRoot, 'dist', 'cli', 'repl.js'))) {
    throw new Error('dist/cli/repl.js is missing: run `npm run build` before the REPL tests');
  }
}

let terminals = 0;

export interface TerminalOptions {
  readonly width?: number;
  readonly height?: number;
  /** Extra environment for the REPL (SLUICE_HISTORY is always set, to `historyFile` or a fresh temp file). */
  readonly env?: Readonly<Record<string, string>>;
  readonly historyFile?: string;
  readonly args?: readonly string[];
  readonly cwd?: string;
}

export class ReplTerminal {
  private constructor(private readonly socket: string, readonly historyFile: string, private readonly tempDir: string | undefined,
    public width: number, public height: number) {}

  static async open(opts: TerminalOptions = {}): Promise<ReplTerminal> {
    const width = opts.width ?? 80;
    const height = opts.height ?? 24;
    const socket = `sluice-repl-test-${process.pid}-${++terminals}`;
    const tempDir = opts.historyFile === undefined ? await fsp.mkdtemp(path.join(os.tmpdir(), 'sluice-history-')) : undefined;
    const historyFile = opts.historyFile ?? path.join(tempDir!, 'history');
    const env = { SLUICE_HISTORY: historyFile, LANG: 'C.UTF-8', ...opts.env };
    const command = [process.execPath, sluiceBin, ...(opts.args ?? [])].map(shellQuote).join(' ');
    const t = new ReplTerminal(socket, historyFile, tempDir, width, height);
    await t.tmux('new-session', '-d', '-x', String(width), '-y', String(height), '-s', 'repl', '-c', opts.cwd ?? projectRoot,
      ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      `${command}; echo "[exited $?]"; sleep 600`);
    return t;
  }

  /** Types `text` literally (no Enter). */
  async type(text: string): Promise<void> {
    // tmux reads an argument ending in ';' as a command separator unless the ';' is escaped.
    await this.tmux('send-keys', '-t', 'repl', '-l', text.endsWith(';') ? `${text.slice(0, -1)}\\;` : text);
  }

  /** Presses keys by tmux name: `Enter`, `C-c`, `C-d`, `Tab`, `Up`, `C-r`. */
  async press(...keys: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', 'repl', ...keys);
  }

  /** Types a line and presses Enter. */
  async enter(line: string): Promise<void> {
    await this.type(line);
    await this.press('Enter');
  }

  /** Resizes the terminal, as a user dragging the window's corner. */
  async resize(width: number, height: number): Promise<void> {
    await this.tmux('resize-window', '-t', 'repl', '-x', String(width), '-y', String(height));
    this.width = width;
    this.height = height;
  }

  /** The visible screen, one string per row, trailing spaces removed. */
  async screen(): Promise<string[]> {
    const { stdout } = await this.tmux('capture-pane', '-p', '-t', 'repl');
    const rows = stdout.replace(/\n$/, '').split('\n').map((l) => l.replace(/\s+$/, ''));
    while (rows.length < this.height) rows.push('');
    return rows;
  }

  /** Everything the terminal has shown, the scrollback included, one string per row. */
  async transcript(): Promise<string[]> {
    const { stdout } = await this.tmux('capture-pane', '-p', '-S', '-', '-E', '-', '-t', 'repl');
    return stdout.replace(/\n+$/, '').split('\n').map((l) => l.replace(/\s+$/, ''));
  }

  async text(): Promise<string> {
    return (await this.screen()).join('\n').replace(/\n+$/, '');
  }

  /** Polls the screen until `test` returns something other than undefined/false; returns it. */
  async waitFor<T>(what: string, test: (rows: string[]) => T | undefined | false, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let rows: string[] = [];
    for (;;) {
      rows = await this.screen();
      const r = test(rows);
      if (r !== undefined && r !== false) return r;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${rows.join('\n')}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  }

  /** Waits until some row matches `pattern`; returns the match. */
  waitForText(pattern: RegExp | string, timeoutMs?: number): Promise<RegExpMatchArray> {
    const re = typeof pattern === 'string' ? new RegExp(escapeRegExp(pattern)) : pattern;
    return this.waitFor(`${re}`, (rows) => {
      for (const r of rows) {
        const m = r.match(re);
        if (m) return m;
      }
      return undefined;
    }, timeoutMs);
  }

  /** Waits until the last non-empty row is an empty primary prompt. */
  waitForPrompt(timeoutMs?: number): Promise<true> {
    return this.waitFor('the prompt', (rows) => lastNonEmpty(rows) === 'sluice>' || undefined, timeoutMs);
  }

  /** Ends the REPL and its tmux server, and removes the server's socket file (tmux leaves it behind). */
  async close(): Promise<void> {
    const socketPath = await this.tmux('display-message', '-p', '#{socket_path}').then((r) => r.stdout.trim(), () => '');
    await this.tmux('kill-server').catch(() => undefined);
    if (socketPath !== '') await fsp.rm(socketPath, { force: true });
    if (this.tempDir !== undefined) await fsp.rm(this.tempDir, { recursive: true, force: true });
  }

  private tmux(...args: string[]): Promise<{ stdout: string; stderr: string }> {
    return run('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }
}

export function lastNonEmpty(rows: readonly string[]): string {
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i] !== '') return rows[i]!;
  return '';
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
