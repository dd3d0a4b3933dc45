/**
 * Turns Spark-style connector options into a kafkajs client configuration. Option keys are case-insensitive;
 * `kafka.`-prefixed keys are Kafka client settings under their Java client names (as Spark passes them to its
 * consumer and producer). kafkajs is not the Java client, so only the settings it can honour are accepted: an
 * unknown `kafka.*` key is an error naming the supported ones, never silently ignored.
 *
 * Shared by the Kafka source and the Kafka sink, which is why it lives in src/kafka: both connectors need one
 * mapping, and sources and sinks do not import each other.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { SluiceError } from '../types/errors.js';

export type KafkaClientRole = 'source' | 'sink';

/** Settings every kafkajs client understands, by lower-case Java name. */
const commonKeys = [
  'bootstrap.servers', 'client.id', 'request.timeout.ms', 'socket.connection.setup.timeout.ms', 'retry.backoff.ms',
  'security.protocol', 'sasl.mechanism', 'sasl.jaas.config', 'sasl.username', 'sasl.password',
  'ssl.ca.location', 'ssl.certificate.location', 'ssl.key.location', 'ssl.key.password',
  'ssl.endpoint.identification.algorithm',
];
/** Settings the caller interprets itself, per role. */
const roleKeys: Record<KafkaClientRole, readonly string[]> = {
  source: ['isolation.level', 'fetch.max.bytes', 'max.partition.fetch.bytes', 'fetch.max.wait.ms', 'group.id'],
  sink: ['compression.type', 'transaction.timeout.ms', 'max.request.size'],
};
/** Settings Spark refuses too, with what to use instead. */
const refusedKeys: Record<string, string> = {
  'auto.offset.reset': "set the source option 'startingOffsets' instead",
  'enable.auto.commit': 'offsets are tracked in the checkpoint, not committed by the consumer',
  'key.deserializer': "keys are always read as BINARY; use CAST(key AS STRING)",
  'value.deserializer': "values are always read as BINARY; use CAST(value AS STRING) or the 'format' option",
  'key.serializer': 'the sink writes the key column as STRING or BINARY',
  'value.serializer': "the sink writes the value column as STRING or BINARY, or the row as JSON with format = 'json'",
  'interceptor.classes': 'Kafka client interceptors are a Java feature',
};

export interface KafkaClientSettings {
  readonly client: KafkaConfig;
  /** The role-specific `kafka.*` settings (lower-case key without the prefix), validated as known. */
  readonly extra: ReadonlyMap<string, string>;
}

export function kafkaClientSettings(options: Readonly<Record<string, string>>, role: KafkaClientRole): KafkaClientSettings {
  const kafka = new Map<string, string>();
  for (const [k, v] of Object.entries(options)) {
    const lower = k.toLowerCase();
    if (lower.startsWith('kafka.')) kafka.set(lower.slice('kafka.'.length), String(v));
  }
  const allowed = new Set([...commonKeys, ...roleKeys[role]]);
  for (const key of kafka.keys()) {
    const refused = refusedKeys[key];
    if (refused !== undefined) throw optionError(`Kafka option 'kafka.${key}' is not supported: ${refused}`);
    if (!allowed.has(key)) {
      throw optionError(`Kafka option 'kafka.${key}' is not supported by the ${role} (kafkajs client); ` +
        `supported: ${[...allowed].map((k2) => `kafka.${k2}`).join(', ')}`);
    }
  }

  const servers = kafka.get('bootstrap.servers');
  if (servers === undefined || servers.trim() === '') {
    throw optionError(`Option 'kafka.bootstrap.servers' must be specified for the Kafka ${role}`);
  }
  const brokers = servers.split(',').map((s) => s.trim()).filter((s) => s !== '');

  const client: KafkaConfig = {
    brokers,
    clientId: kafka.get('client.id') ?? 'sluice',
    // Errors reach the caller as exceptions; kafkajs' own log lines would only duplicate them on stdout.
    logLevel: logLevel.NOTHING,
  };
  const requestTimeout = positiveInt(kafka, 'request.timeout.ms');
  if (requestTimeout !== undefined) client.requestTimeout = requestTimeout;
  const connectionTimeout = positiveInt(kafka, 'socket.connection.setup.timeout.ms');
  if (connectionTimeout !== undefined) client.connectionTimeout = connectionTimeout;
  const backoff = positiveInt(kafka, 'retry.backoff.ms');
  if (backoff !== undefined) client.retry = { initialRetryTime: backoff };

  const protocol = (kafka.get('security.protocol') ?? 'PLAINTEXT').toUpperCase();
  if (!['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'].includes(protocol)) {
    throw optionError(`'kafka.security.protocol' must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, not '${protocol}'`);
  }
  if (protocol === 'SSL' || protocol === 'SASL_SSL') client.ssl = tlsOptions(kafka);
  if (protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL') client.sasl = saslOptions(kafka);

  const extra = new Map<string, string>();
  for (const key of roleKeys[role]) {
    const v = kafka.get(key);
    if (v !== undefined) extra.set(key, v);
  }
  return { client, extra };
}

/** A non-negative integer setting, or undefined when absent. */
export function positiveInt(settings: ReadonlyMap<string, string>, key: string, prefix = 'kafka.'): number | undefined {
  const v = settings.get(key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw optionError(`Option '${prefix}${key}' must be a non-negative integer, not '${v}'`);
  return n;
}

function tlsOptions(kafka: ReadonlyMap<string, string>): ConnectionOptions | true {
  const tls: ConnectionOptions = {};
  const file = (key: string): Buffer => {
    const path = kafka.get(key)!;
    try {
      return readFileSync(path);
    } catch (e) {
      throw optionError(`Cannot read 'kafka.${key}' file '${path}': ${(e as Error).message}`);
    }
  };
  if (kafka.has('ssl.ca.location')) tls.ca = [file('ssl.ca.location')];
  if (kafka.has('ssl.certificate.location')) tls.cert = file('ssl.certificate.location');
  if (kafka.has('ssl.key.location')) tls.key = file('ssl.key.location');
  const passphrase = kafka.get('ssl.key.password');
  if (passphrase !== undefined) tls.passphrase = passphrase;
  // The Java client's way of turning hostname verification off is an empty algorithm.
  if (kafka.get('ssl.endpoint.identification.algorithm') === '') tls.checkServerIdentity = () => undefined;
  return Object.keys(tls).length === 0 ? true : tls;
}

function saslOptions(kafka: ReadonlyMap<string, string>): SASLOptions {
  const mechanism = (kafka.get('sasl.mechanism') ?? 'PLAIN').toUpperCase();
  let username = kafka.get('sasl.username');
  let password = kafka.get('sasl.password');
  const jaas = kafka.get('sasl.jaas.config');
  if (jaas !== undefined) {
    // `org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";`
    username = /\busername\s*=\s*"([^"]*)"/.exec(jaas)?.[1] ?? username;
    password = /\bpassword\s*=\s*"([^"]*)"/.exec(jaas)?.[1] ?? password;
  }
  if (username === undefined || password === undefined) {
    throw optionError("SASL needs a user name and password: set 'kafka.sasl.jaas.config' or 'kafka.sasl.username' and 'kafka.sasl.password'");
  }
  switch (mechanism) {
    case 'PLAIN': return { mechanism: 'plain', username, password };
    case 'SCRAM-SHA-256': return { mechanism: 'scram-sha-256', username, password };
    case 'SCRAM-SHA-512': return { mechanism: 'scram-sha-512', username, password };
    default:
      throw optionError(`'kafka.sasl.mechanism' must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, not '${mechanism}'`);
  }
}

export function optionError(message: string): SluiceError {
  return new SluiceError('ANALYSIS_ERROR', message);
}
