import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One test file at a time: the crash, Kafka and terminal tests time real processes on a 2-core machine,
    // and running them side by side makes their timeouts flaky.
    fileParallelism: false,
  },
});
