import { defineConfig } from 'vitest/config'

// Tests talk to real sockets, real SQLite files and real child processes, so they get
// generous timeouts: the suite must pass on a slow, noisy 2-core machine.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
