/**
 * The real broker the Kafka tests run against: `KAFKA_BROKERS` (e.g. `127.0.0.1:9092`, as printed by
 * `bash scripts/kafka/kafka-up.sh`). Without it the suites are skipped and say why.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Admin, type Message } from 'kafkajs';
import { KafkaClusterClient } from '../../src/kafka/kafka-cluster-client.js';

export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '';
export const kafkaAvailable = KAFKA_BROKERS !== '';

export function announceSkip(suite: string): void {
  if (!kafkaAvailable) console.log(`Kafka tests skipped: KAFKA_BROKERS not set (${suite}; start a broker with 'bash scripts/kafka/kafka-up.sh' and export KAFKA_BROKERS=127.0.0.1:9092)`);
}

export function testKafka(): Kafka {
  return new Kafka({ brokers: KAFKA_BROKERS.split(','), clientId: 'sluice-test', logLevel: logLevel.NOTHING });
}

/** A topic name no other test (or earlier run against the same broker) uses. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/**
 * Waits until no transaction is open on `topic`: every partition's last stable offset has reached its high
 * watermark. A transaction's commit returns once it is decided, and the broker writes the commit markers just
 * after, so a read_committed reader started at that moment can end its read just before the newest transaction.
 */
export async function awaitNoOpenTransactions(topic: string, timeoutMs = 15_000): Promise<void> {
  const committed = new KafkaClusterClient({ brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }, 'read_committed');
  const all = new KafkaClusterClient({ brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }, 'read_uncommitted');
  try {
    const partitions = (await all.topics()).find((t) => t.topic === topic)?.partitions ?? [];
    for (const deadline = Date.now() + timeoutMs; ;) {
      const [stable, high] = await Promise.all([committed.latestOffsets(partitions), all.latestOffsets(partitions)]);
      if ([...high].every(([k, h]) => stable.get(k) === h)) return;
      if (Date.now() > deadline) throw new Error(`transactions on ${topic} stayed open for ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await committed.close();
    await all.close();
  }
}

export class KafkaTestEnv {
  readonly kafka = testKafka();
  readonly admin: Admin = this.kafka.admin();

  async start(): Promise<void> {
    await this.admin.connect();
  }

  async stop(): Promise<void> {
    await this.admin.disconnect();
  }

  async createTopic(topic: string, numPartitions = 1, configEntries: { name: string; value: string }[] = []): Promise<string> {
    await this.admin.createTopics({ topics: [{ topic, numPartitions, configEntries }], waitForLeaders: true });
    return topic;
  }

  /**
   * Produces each message to its `partition` (default 0), in order. A fresh producer each time: a kafkajs
   * producer silently drops messages for partitions added after it loaded metadata, and fails for good once a
   * topic it wrote to is deleted.
   */
  async produce(topic: string, messages: Message[]): Promise<void> {
    const producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({ topic, messages: messages.map((m) => ({ partition: 0, ...m })), acks: -1 });
    } finally {
      await producer.disconnect();
    }
  }

  /** Moves the log start of `partition` to `offset` (Kafka's deleteRecords). */
  async deleteRecordsBefore(topic: string, partition: number, offset: number): Promise<void> {
    // kafkajs looks the leader up in metadata it only loads for topics it was asked about before.
    await this.admin.fetchTopicOffsets(topic);
    await this.admin.deleteTopicRecords({ topic, partitions: [{ partition, offset: String(offset) }] });
  }

  /** `n` messages `v<i>` (key `k<i>`) into one partition. */
  async produceValues(topic: string, partition: number, n: number, prefix = 'v'): Promise<void> {
    await this.produce(topic, Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `${prefix}${i}`, partition })));
  }
}
