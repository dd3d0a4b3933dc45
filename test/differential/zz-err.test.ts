import { it } from 'vitest';
import { engines } from './harness.js';
import { formatError, SluiceError } from '../../src/types/errors.js';
it('errs', async () => {
  const e = await engines();
  const qs = (process.env.Q ?? '').split(';;');
  for (const q of qs) {
    try { const df = e.sluice.sql(q); await df.collectArrays(); console.log(`OK?? ${JSON.stringify(q)}`); }
    catch (err) {
      const se = err as SluiceError;
      console.log(`${JSON.stringify(q)}\n  => ${se.code} ${JSON.stringify(se.position)} ${se.message}\n${formatError(err, q).split('\n').slice(1).join('\n')}`);
    }
  }
});
