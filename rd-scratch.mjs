import { readKafkaBatch } from './dist/sources/kafka-source.js';
import { batchToRows } from './dist/execution/batch.js';
const b = await readKafkaBatch({ 'kafka.bootstrap.servers': '127.0.0.1:9092', subscribe: process.argv[2], 'kafka.isolation.level': 'read_committed' });
const rows = b.flatMap((x) => batchToRows(x)).map((r) => Buffer.from(r.value).toString());
console.log(rows.length, rows.slice(0, 3), rows.slice(-2));
