/**
 * The cluster smoke test (test/cluster): the production topology started by `npm run cluster`.
 * Separate from the default config because it needs the Temporal server binaries and nginx, and
 * minutes of CPU; .ci/run runs it after the other suites.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = { ...base, testPathIgnorePatterns: ['/node_modules/'], testMatch: ['<rootDir>/test/cluster/**/*.test.ts'], testTimeout: 8 * 60_000 };
