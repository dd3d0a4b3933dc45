/**
 * `session.read` / `session.readStream`: Spark's reader builders. `format(…).option(…).schema(…).load(path)`
 * registers a table (static) or a source (streaming) under a generated name and returns a DataFrame over it.
 *
 * ```ts
 * const lines = s.readStream.format('socket').option('host', 'localhost').option('port', 9999).load();
 * const people = s.read.format('csv').option('header', 'true').schema('name STRING, age INT').load('people.csv');
 * ```
 */
import { parseSchemaString } from '../sql/parse.js';
import type { Schema } from '../types/schema.js';
import { createSource, createTable } from './connector-registry.js';
import type { DataFrame } from './dataframe.js';
import type { Session } from './session.js';
import { schemaOf } from './statement-executor.js';

let readerCounter = 0;

export class DataFrameReader {
  private fmt = 'json';
  private readonly opts: Record<string, string> = {};
  private declared: Schema | undefined;

  constructor(private readonly session: Session, private readonly streaming: boolean) {}

  format(name: string): this { this.fmt = name; return this; }
  option(key: string, value: string | number | boolean): this { this.opts[key] = String(value); return this; }
  options(o: Readonly<Record<string, string | number | boolean>>): this { for (const [k, v] of Object.entries(o)) this.option(k, v); return this; }
  schema(s: string | Schema): this { this.declared = typeof s === 'string' ? schemaOf(parseSchemaString(s)) : s; return this; }

  load(path?: string): DataFrame {
    const options = path === undefined ? { ...this.opts } : { ...this.opts, path };
    const name = `__${this.streaming ? 'stream' : 'read'}${++readerCounter}`;
    if (this.streaming) {
      const src = createSource(this.fmt, options, this.declared);
      const s = src.schema();
      void src.stop();
      this.session.catalog.register({ kind: 'source', name, schema: s, definition: { connector: this.fmt, options, declaredSchema: this.declared } });
    } else {
      const t = createTable(this.fmt, options, this.declared);
      this.session.catalog.register({ kind: 'table', name, schema: t.schema, provider: t.provider, connector: this.fmt });
    }
    return this.session.tableDataFrame(name);
  }

  json(path: string): DataFrame { return this.format('json').load(path); }
  csv(path: string): DataFrame { return this.format('csv').load(path); }
  text(path: string): DataFrame { return this.format('text').load(path); }
}
