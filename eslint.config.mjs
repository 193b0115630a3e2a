// Layering and determinism rules. Temporal replays workflow code, so workflows/ and domain/
// must stay free of I/O and nondeterminism; activities/ and api/ must never pull in the
// workflow sandbox runtime.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const deterministicBans = {
  paths: [
    ...nodeBuiltins.map((name) => ({ name, message: 'workflows/ 与 domain/ 必须是确定性代码：禁止 Node 内置模块。' })),
  ],
  patterns: [
    { group: ['@prisma/*', '**/generated/prisma/**'], message: 'No Prisma in deterministic code.' },
    { group: ['pg', 'better-sqlite3', 'express', 'pino', 'pino-http'], message: 'No I/O libraries in deterministic code.' },
    { group: ['**/activities', '**/activities/**', '**/api', '**/api/**', '**/lib/**', '**/worker/**'], allowTypeImports: true, message: 'Only type imports from activities/, api/, lib/ or worker/.' },
    { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'], message: 'Workflow code may only use @temporalio/workflow and @temporalio/common.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'console/dist/**', 'console/node_modules/**', 'generated/**', 'data/**', '.cache/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts', 'bench/baseline/workflows.ts', 'bench/baseline/contracts.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', deterministicBans],
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'Use sleep()/condition() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use workflow timers.' },
        { name: 'process', message: 'No process access in workflows.' }],
    },
  },
  {
    // Every workflow start evaluates the bundle's modules again (the SDK isolates module state per run),
    // so a workflow's value imports are paid per start: the event payload schemas are not needed there.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        ...deterministicBans,
        patterns: [...deterministicBans.patterns, {
          regex: 'domain/vocabulary(/index|/events)?$',
          allowTypeImports: true,
          message: 'Import statuses from domain/vocabulary/statuses: the index builds every event schema on each workflow start.',
        }],
      }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        ...deterministicBans,
        patterns: [...deterministicBans.patterns, { group: ['@temporalio/*'], message: 'domain/ is plain TypeScript, independent of Temporal.' }],
      }],
    },
  },
  {
    files: ['activities/**/*.ts', 'api/**/*.ts', 'lib/**/*.ts', 'worker/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    ignores: ['bench/baseline/workflows.ts', 'bench/baseline/contracts.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: '@temporalio/workflow', message: 'Only workflows/ may import @temporalio/workflow.', allowTypeImports: false }],
      }],
    },
  },
  {
    // The staff console talks to the server only through the contract: generated types, and the pure USCC check.
    files: ['console/**/*.ts', 'console/**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/api/**'], allowTypeImports: true, message: 'The console uses the contract (types generated from it) only.' },
          { group: ['**/lib/**', '**/activities/**', '**/workflows/**', '**/worker/**', '**/generated/prisma/**'], message: 'The console talks to the server over HTTP only.' },
          { group: ['**/domain/**', '!**/domain/uscc'], message: 'Only the pure USCC check (domain/uscc) is shared with the console.' },
        ],
      }],
      // The PC's own date is not the server's: a PC set to UTC is a day behind from 00:00 to 08:00 Beijing time.
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.name='dayjs'][arguments.length=0]",
        message: "dayjs() is the PC's date; use shanghaiDay() from console/src/format.ts.",
      }],
    },
  },
);
