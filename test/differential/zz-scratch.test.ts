import { it } from 'vitest';
import { engines, runDuck } from './harness.js';
import { formatError } from '../../src/types/errors.js';
it('scratch', async () => {
  const e = await engines();
  for (const q of (process.env.Q ?? '').split(';;')) {
    let out: string;
    try { out = JSON.stringify(await e.sluice.sql(q).collectArrays()); } catch (err) { out = 'ERR ' + formatError(err, q) + ((err as any).code ? '' : (err as Error).stack); }
    let d: string;
    try { d = JSON.stringify(await runDuck(e, process.env.D ? process.env.D : q)); } catch (err) { d = 'ERR ' + (err as Error).message.split('\n')[0]; }
    console.log(`Q: ${q}\n  sluice: ${out.slice(0, 1500)}\n  duck:   ${d.slice(0, 1500)}`);
  }
}, 60000);
