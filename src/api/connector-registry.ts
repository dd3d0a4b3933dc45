/**
 * Resolves `connector = '…'` (or `format(…)` in the DataFrame API) to the source, table and sink
 * implementations. The streaming loop receives the objects made here; it never imports connectors itself.
 */
import type { Schema } from '../types/schema.js';
import { SluiceError } from '../types/errors.js';
import type { Source } from '../execution/source.js';
import type { Sink } from '../execution/sink.js';
import type { ScanProvider } from '../execution/scan-provider.js';
import { createFileSource } from '../sources/file-source.js';
import { FileTable } from '../sources/file-table.js';
import { KafkaSource } from '../sources/kafka-source.js';
import { KafkaTable } from '../sources/kafka-table.js';
import { createMemorySource } from '../sources/memory-source.js';
import { createRateMicroBatchSource } from '../sources/rate-micro-batch-source.js';
import { createRateSource } from '../sources/rate-source.js';
import { createSocketSource } from '../sources/socket-source.js';
import { createConsoleSink } from '../sinks/console-sink.js';
import { createFileSink } from '../sinks/file-sink.js';
import { KafkaSink } from '../sinks/kafka-sink.js';
import { createMemorySink } from '../sinks/memory-sink.js';

type Options = Readonly<Record<string, string>>;

const sourceFactories: Record<string, (o: Options, s?: Schema) => Source> = {
  file: createFileSource,
  kafka: (o, s) => new KafkaSource(o, s),
  memory: createMemorySource,
  rate: createRateSource,
  'rate-micro-batch': createRateMicroBatchSource,
  socket: createSocketSource,
};

const fileFormats = new Set(['json', 'csv', 'text', 'parquet', 'arrow', 'ipc', 'feather']);

/** `connector = 'file'` with a format, or the format itself (`format('json')` in the API) as the connector. */
function normalize(connector: string, options: Options): { connector: string; options: Options } {
  const c = connector.toLowerCase();
  if (fileFormats.has(c)) return { connector: 'file', options: { ...options, format: c } };
  return { connector: c, options };
}

export function createSource(connector: string, options: Options, declared?: Schema): Source {
  const n = normalize(connector, options);
  const f = sourceFactories[n.connector];
  if (!f) throw new SluiceError('ANALYSIS_ERROR', `Unknown source connector '${connector}'; available: ${Object.keys(sourceFactories).join(', ')}`);
  return f(n.options, declared);
}

export function createTable(connector: string, options: Options, declared?: Schema): { provider: ScanProvider; schema: Schema } {
  const n = normalize(connector, options);
  if (n.connector === 'file') {
    const t = new FileTable(n.options, declared);
    return { provider: t, schema: t.schema };
  }
  if (n.connector === 'kafka') {
    const t = new KafkaTable(n.options, declared);
    return { provider: t, schema: t.schema };
  }
  throw new SluiceError('ANALYSIS_ERROR', `Connector '${connector}' cannot back a static table; use 'file' (json, csv, text, parquet, arrow) or 'kafka'`);
}

export function createSink(connector: string, options: Options): Sink {
  const n = normalize(connector, options);
  switch (n.connector) {
    case 'console': return createConsoleSink(options);
    case 'memory': return createMemorySink(options);
    case 'kafka': return new KafkaSink(options);
    case 'file': return createFileSink(n.options);
    default: throw new SluiceError('ANALYSIS_ERROR', `Unknown sink connector '${connector}'; available: console, memory, kafka, file`);
  }
}
