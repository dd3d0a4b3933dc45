import { expect } from 'vitest';
import { SluiceError } from '../../src/types/errors.js';

/** The SluiceError `f` throws; fails the test when it throws something else or nothing. */
export function failure(f: () => unknown): SluiceError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SluiceError);
    return e as SluiceError;
  }
  throw new Error('expected an error');
}
