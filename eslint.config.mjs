import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'dist.*/**',
      '.temporal/**',
      'coverage/**',
      'test/artifacts/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox and is replayed for years.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@temporalio/workflow',
              importNames: ['patched', 'deprecatePatch'],
              message: 'Ask isPatched() of workflows/patches.ts: every patch is in its registry.',
            },
          ],
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'fs/*',
                'path',
                'os',
                'crypto',
                'http',
                'https',
                'net',
                'child_process',
                'process',
              ],
              message: 'Workflows must not do I/O: use an activity.',
            },
            { group: ['nodemailer', 'nodemailer/*'], message: 'Send mail from an activity.' },
            {
              group: ['**/config/**', '../config', '../config/*'],
              message: 'Workflows must not read config; pass it in the workflow input.',
              allowTypeImports: true,
            },
            {
              group: ['**/activities', '**/activities/**'],
              message: 'Import activities as types only (proxyActivities).',
              allowTypeImports: true,
            },
            {
              group: ['luxon'],
              message: 'Date arithmetic happens in activities so calendar changes never break replay.',
            },
            {
              group: ['**/domain/schedule/**'],
              message: 'Deadline arithmetic runs in the planDeadline activity: import its types only.',
              allowTypeImports: true,
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'No process.env in workflows: pass values in the input.' },
      ],
    },
  },
  {
    // The patch registry is the one place that calls Temporal's patched().
    files: ['workflows/patches.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
