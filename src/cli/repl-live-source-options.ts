/**
 * Session settings that shape the sources of ad-hoc queries typed in the REPL, ksqlDB's habit of
 * `SET 'auto.offset.reset' = 'earliest'` with Spark's option name: after `SET startingOffsets = 'earliest'`,
 * a live SELECT reads every Kafka source that does not set `startingOffsets` itself from that position (a
 * stream's default is `latest`, which shows nothing until new records arrive). The setting does not touch
 * background queries (CREATE SINK … AS, INSERT INTO), whose sources keep their definitions.
 *
 * The sources a query reads are made from their catalog definitions when it starts, so the definitions are
 * swapped for ones with the option added while the query starts, and restored afterwards.
 */
import type { Query } from '../sql/ast.js';
import { planChildren, type LogicalPlan } from '../planner/logical-plan.js';
import type { Session } from '../api/session.js';

/** Per connector, the source options a session setting of the same name supplies to live queries. */
const LIVE_SOURCE_SETTINGS: Readonly<Record<string, readonly string[]>> = {
  kafka: ['startingOffsets'],
};

export async function withLiveSourceOptions<T>(session: Session, query: Query, start: () => Promise<T>): Promise<T> {
  const restore: (() => void)[] = [];
  for (const name of streamingSources(session.analyze(query))) {
    const o = session.catalog.get(name);
    if (o?.kind !== 'source') continue;
    const keys = LIVE_SOURCE_SETTINGS[o.definition.connector.toLowerCase()] ?? [];
    const added: Record<string, string> = {};
    for (const key of keys) {
      const value = session.catalog.setting(key);
      const own = Object.keys(o.definition.options).some((k) => k.toLowerCase() === key.toLowerCase());
      if (value !== undefined && !own) added[key] = value;
    }
    if (Object.keys(added).length === 0) continue;
    session.catalog.register({ ...o, definition: { ...o.definition, options: { ...o.definition.options, ...added } } }, { replace: true });
    restore.push(() => { session.catalog.register(o, { replace: true }); });
  }
  try {
    return await start();
  } finally {
    for (const r of restore) r();
  }
}

function streamingSources(p: LogicalPlan, out = new Set<string>()): Set<string> {
  if (p.kind === 'scan' && p.source.streaming) out.add(p.source.name);
  for (const c of planChildren(p)) streamingSources(c, out);
  return out;
}
