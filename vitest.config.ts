import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Live and tmux tests spawn real processes; two cores cannot run many at once without timing noise.
    maxWorkers: 2,
  },
});
