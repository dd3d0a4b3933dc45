import { describe, expect, it } from 'vitest';
import { parseTrigger, processingTimeTrigger, triggerFromSpec } from '../../src/execution/trigger.js';
import { parseWatermarkPolicy, WatermarkTracker } from '../../src/execution/watermark-tracker.js';

describe('WatermarkTracker', () => {
  it('is max event time minus delay, never moving back', () => {
    const t = new WatermarkTracker([10_000], 'min', 0);
    expect(t.observe([-Infinity])).toBe(0);
    expect(t.observe([60_000])).toBe(50_000);
    expect(t.observe([30_000])).toBe(50_000);
    expect(t.observe([90_000.7])).toBe(80_000);
  });

  it('starts from a restored watermark', () => {
    const t = new WatermarkTracker([0], 'min', 500);
    expect(t.currentMs).toBe(500);
    expect(t.observe([100])).toBe(500);
  });

  it('min: an input without data yet counts as 0 and holds the watermark; max ignores it', () => {
    const min = new WatermarkTracker([0, 5_000], 'min', 0);
    expect(min.observe([100_000, -Infinity])).toBe(0);
    expect(min.observe([-Infinity, 50_000])).toBe(45_000);
    // The first input keeps its watermark from an earlier batch.
    expect(min.observe([-Infinity, 200_000])).toBe(100_000);
    const max = new WatermarkTracker([0, 5_000], 'max', 0);
    expect(max.observe([100_000, -Infinity])).toBe(100_000);
    expect(max.observe([-Infinity, 50_000])).toBe(100_000);
  });

  it('without watermark definitions stays where it is', () => {
    expect(new WatermarkTracker([], 'min', 7).observe([])).toBe(7);
  });

  it('reads the policy setting', () => {
    expect(parseWatermarkPolicy(undefined)).toBe('min');
    expect(parseWatermarkPolicy(' MAX ')).toBe('max');
    expect(() => parseWatermarkPolicy('avg')).toThrow("sluice.multipleWatermarkPolicy must be 'min' or 'max', got \"avg\"");
  });
});

describe('triggers', () => {
  it('parses the CLI forms', () => {
    expect(parseTrigger('available-now')).toEqual({ kind: 'availableNow' });
    expect(parseTrigger('AvailableNow')).toEqual({ kind: 'availableNow' });
    expect(parseTrigger('once')).toEqual({ kind: 'once' });
    expect(parseTrigger('10 seconds')).toEqual({ kind: 'processingTime', intervalMs: 10_000 });
    expect(parseTrigger('500ms')).toEqual({ kind: 'processingTime', intervalMs: 500 });
    expect(parseTrigger('1 minute')).toEqual({ kind: 'processingTime', intervalMs: 60_000 });
    expect(() => parseTrigger('soon')).toThrow("cannot read trigger \"soon\": use available-now, once, or an interval such as '10 seconds'");
  });

  it('builds from the DataFrame API spec', () => {
    expect(triggerFromSpec({ processingTime: '1 second' })).toEqual({ kind: 'processingTime', intervalMs: 1000 });
    expect(triggerFromSpec({ once: true })).toEqual({ kind: 'once' });
    expect(triggerFromSpec({ availableNow: true })).toEqual({ kind: 'availableNow' });
    expect(triggerFromSpec({})).toEqual({ kind: 'default' });
    expect(processingTimeTrigger(0)).toEqual({ kind: 'default' });
    expect(() => triggerFromSpec({ once: true, availableNow: true })).toThrow('choose one trigger');
  });
});
