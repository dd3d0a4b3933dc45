/**
 * An ad-hoc query over Kafka in a real terminal (tmux), against the broker in `KAFKA_BROKERS` (skipped without
 * one): a live SELECT on a stream starts at the latest offsets and shows nothing old, until
 * `SET startingOffsets = 'earliest'` makes the next one read the topic from the start.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, KAFKA_BROKERS, kafkaAvailable, KafkaTestEnv, uniqueTopic } from '../kafka/kafka-test-env.js';
import { assertBuilt, lastNonEmpty, ReplTerminal } from './repl-terminal.js';

announceSkip('REPL over Kafka');

describe.runIf(kafkaAvailable)('the REPL over Kafka', () => {
  const env = new KafkaTestEnv();
  let term: ReplTerminal | undefined;
  beforeAll(async () => {
    assertBuilt();
    await env.start();
  });
  afterAll(async () => { await env.stop(); });
  afterEach(async () => {
    await term?.close();
    term = undefined;
  });

  it('SET startingOffsets = earliest makes an ad-hoc query read what the topic already holds', async () => {
    const topic = await env.createTopic(uniqueTopic('repl'));
    await env.produceValues(topic, 0, 3);
    const t = term = await ReplTerminal.open({ width: 100, height: 30 });
    await t.waitForPrompt(20_000);
    await t.enter(`CREATE SOURCE k WITH (connector = 'kafka', 'kafka.bootstrap.servers' = '${KAFKA_BROKERS}', subscribe = '${topic}');`);
    await t.waitForText('Source k created');

    // From the latest offsets nothing arrives: the query keeps waiting until Ctrl-C.
    await t.enter('SELECT CAST(value AS STRING) AS v FROM k LIMIT 3;');
    await t.waitForText(/^batch \d+ \|/, 20_000);
    expect((await t.screen()).some((l) => l.startsWith('|v0'))).toBe(false);
    await t.press('C-c');
    await t.waitForPrompt();

    await t.enter("SET startingOffsets = 'earliest';");
    await t.waitForText('startingOffsets = earliest');
    await t.enter('SELECT CAST(value AS STRING) AS v, offset FROM k LIMIT 3;');
    await t.waitForText(/^limit reached \| /, 30_000);
    const screen = await t.waitFor('the prompt', (rows) => (lastNonEmpty(rows) === 'sluice>' ? rows : undefined));
    const at = screen.lastIndexOf('sluice> SELECT CAST(value AS STRING) AS v, offset FROM k LIMIT 3;');
    expect(screen.slice(at + 4, at + 7).map((l) => l.replace(/\s+/g, ''))).toEqual(['|v0|0|', '|v1|1|', '|v2|2|']);
  });
});
