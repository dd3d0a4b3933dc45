/**
 * Keeps other writers from scribbling over the REPL's screen. Background queries write to the process's
 * stdout and stderr on their own (a console sink prints its batches, a query logs warnings); written straight
 * to a terminal, that text would land in the middle of the line being typed or of a live table. While the
 * guard is installed, such writes go to `route` instead, which prints them above the prompt or holds them
 * until a live query ends. The REPL itself writes through `out`, which bypasses the guard.
 */

type WriteFn = NodeJS.WriteStream['write'];

export class OutputGuard {
  /** Writes to the terminal, bypassing the guard. */
  readonly out: (text: string) => void;
  private readonly originalOut: WriteFn;
  private readonly originalErr: WriteFn;
  private installed = false;

  constructor(private readonly stdout: NodeJS.WriteStream = process.stdout, private readonly stderr: NodeJS.WriteStream = process.stderr) {
    this.originalOut = stdout.write;
    this.originalErr = stderr.write;
    const write = this.originalOut.bind(stdout);
    this.out = (text) => { write(text); };
  }

  install(route: (text: string) => void): void {
    if (this.installed) return;
    this.installed = true;
    const divert = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === 'string' ? encoding as BufferEncoding : 'utf8');
      route(text);
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    };
    this.stdout.write = divert as WriteFn;
    this.stderr.write = divert as WriteFn;
  }

  uninstall(): void {
    if (!this.installed) return;
    this.installed = false;
    this.stdout.write = this.originalOut;
    this.stderr.write = this.originalErr;
  }
}
