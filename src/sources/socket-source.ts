/**
 * The socket source: reads UTF-8 text lines from a TCP server (`nc -lk 9999`), one row per line, for demos.
 * Columns: `value STRING`, plus `timestamp TIMESTAMP` (when the line arrived) with `includeTimestamp = true`.
 * Options: `host`, `port` (both required), `includeTimestamp` (default false).
 *
 * Not replayable (the engine warns): lines live only in this process's memory, from when they arrive until the
 * batch that read them commits. The offset counts lines received; after a
 * restart the connection is new: its lines are numbered on from the checkpoint's position, and lines the old
 * connection had received but not committed are lost. A line ends at `\n` (a `\r` before it is dropped); text after
 * the last newline when the server closes the connection counts as a last line. A closed connection ends the
 * data; a connection error other than a reset fails the query at its next trigger.
 *
 * ```ts
 * const source = createSocketSource({ host: 'localhost', port: '9999' });   // then: nc -lk 9999
 * ```
 */
import net from 'node:net';
import { makeBatch, type Batch } from '../execution/batch.js';
import { makeColumn } from '../execution/column.js';
import type { Offset, Source } from '../execution/source.js';
import { StringType, TimestampType } from '../types/data-type.js';
import { SluiceError } from '../types/errors.js';
import { field, schema, type Schema } from '../types/schema.js';
import { MICROS_PER_MS } from '../types/temporal.js';
import { ConnectorOptions } from './source-options.js';

export class SocketSource implements Source {
  readonly replayable = false;
  readonly description: string;
  private readonly rowSchema: Schema;
  private socket: net.Socket | undefined;
  /**
   * Lines received and not yet committed: `lines[i]` has offset `heldFrom + i + 1`. Numbering continues after
   * the checkpoint's position, which the engine reveals by its first call (see `adoptPosition`).
   */
  private lines: string[] = [];
  private arrivalMs: number[] = [];
  private heldFrom = 0;
  private positionKnown = false;
  private partial = '';
  private failure: SluiceError | undefined;
  private availableNowBound: number | null = null;

  constructor(private readonly host: string, private readonly port: number, private readonly includeTimestamp: boolean) {
    this.description = `TextSocketSource[host: ${host}, port: ${port}]`;
    this.rowSchema = schema(includeTimestamp
      ? [field('value', StringType), field('timestamp', TimestampType)]
      : [field('value', StringType)]);
  }

  schema(): Schema {
    return this.rowSchema;
  }

  /** Connects; rejects with an IO_ERROR when the server cannot be reached. */
  async initialize(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const socket = net.createConnection({ host: this.host, port: this.port });
      socket.setEncoding('utf8');
      const onConnectError = (err: Error): void => {
        reject(new SluiceError('IO_ERROR', `${this.description}: cannot connect to ${this.host}:${this.port}: ${err.message}`));
      };
      socket.once('error', onConnectError);
      socket.once('connect', () => {
        socket.off('error', onConnectError);
        socket.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') {
            this.failure = new SluiceError('IO_ERROR', `${this.description}: connection failed: ${err.message}`);
          }
        });
        this.socket = socket;
        resolve();
      });
      socket.on('data', (chunk: string) => this.receive(chunk));
      socket.on('end', () => this.flushPartial());
    });
  }

  async latestOffset(start: Offset | null): Promise<Offset | null> {
    if (this.failure !== undefined) throw this.failure;
    this.adoptPosition(start === null ? 0 : this.toCount(start));
    const received = this.heldFrom + this.lines.length;
    const latest = this.availableNowBound === null ? received : Math.min(received, this.availableNowBound);
    return latest === 0 ? null : latest;
  }

  /**
   * Lines in (start, end] that this connection still holds. Lines a previous run received are gone (the source
   * is not replayable): a batch re-run after a restart gets only what is held, possibly nothing.
   */
  async getBatch(start: Offset | null, end: Offset): Promise<Batch[]> {
    const from = start === null ? 0 : this.toCount(start);
    const to = this.toCount(end);
    this.adoptPosition(to);
    const lo = Math.max(from, this.heldFrom) - this.heldFrom;
    const hi = Math.min(to, this.heldFrom + this.lines.length) - this.heldFrom;
    const n = hi - lo;
    if (n <= 0) return [];
    const columns = [makeColumn(StringType, this.lines.slice(lo, hi))];
    if (this.includeTimestamp) {
      const ts = new Float64Array(n);
      for (let i = 0; i < n; i++) ts[i] = this.arrivalMs[lo + i]! * MICROS_PER_MS;
      columns.push(makeColumn(TimestampType, ts));
    }
    return [makeBatch(this.rowSchema, columns, n)];
  }

  async commit(end: Offset): Promise<void> {
    const drop = Math.min(this.toCount(end) - this.heldFrom, this.lines.length);
    if (drop <= 0) return;
    this.lines = this.lines.slice(drop);
    this.arrivalMs = this.arrivalMs.slice(drop);
    this.heldFrom += drop;
  }

  async prepareForAvailableNow(): Promise<void> {
    this.availableNowBound = this.heldFrom + this.lines.length;
  }

  async stop(): Promise<void> {
    this.socket?.destroy();
    this.socket = undefined;
  }

  /** The first offset the engine mentions is where the checkpoint stands: this connection's lines number on from it. */
  private adoptPosition(offset: number): void {
    if (this.positionKnown) return;
    this.positionKnown = true;
    this.heldFrom = offset;
    if (this.availableNowBound !== null) this.availableNowBound += offset;
  }

  private receive(chunk: string): void {
    const now = Date.now();
    const text = this.partial + chunk;
    let at = 0;
    for (let nl = text.indexOf('\n', at); nl !== -1; nl = text.indexOf('\n', at)) {
      const end = nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.lines.push(text.slice(at, end));
      this.arrivalMs.push(now);
      at = nl + 1;
    }
    this.partial = text.slice(at);
  }

  private flushPartial(): void {
    if (this.partial === '') return;
    this.lines.push(this.partial.endsWith('\r') ? this.partial.slice(0, -1) : this.partial);
    this.arrivalMs.push(Date.now());
    this.partial = '';
  }

  private toCount(o: Offset): number {
    if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0) {
      throw new SluiceError('CHECKPOINT_ERROR', `${this.description} cannot use offset ${JSON.stringify(o)}: it expects a line count`);
    }
    return o;
  }
}

export function createSocketSource(options: Readonly<Record<string, string>>, schemaGiven?: Schema): SocketSource {
  const o = new ConnectorOptions(options, 'socket source');
  if (schemaGiven !== undefined && schemaGiven.fields.length > 0) {
    throw o.error('the socket source has a fixed schema (value, and timestamp with includeTimestamp); do not declare columns');
  }
  const host = o.required('host');
  const port = o.positiveInt('port');
  if (port === undefined || port > 65535) throw o.error("option 'port' is required and must be a TCP port (1-65535)");
  return new SocketSource(host, port, o.bool('includeTimestamp', false));
}
