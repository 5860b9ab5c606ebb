import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

/** An import of `lib/<folder>`, by the `@/` alias or a relative path. */
const libImport = (folder) => `^(@/|(\\./|(\\.\\./)+))lib/${folder}(/|$)`;

/** Every module under lib/ that starts with `import 'server-only'`, as `@/lib/…`. */
function serverOnlyModules() {
  const libDir = path.join(import.meta.dirname, 'lib');
  return readdirSync(libDir, { recursive: true })
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
    .filter((file) => /^import 'server-only';/m.test(readFileSync(path.join(libDir, file), 'utf8')))
    .map(
      (file) =>
        `@/lib/${file
          .split(path.sep)
          .join('/')
          .replace(/\.tsx?$/, '')}`,
    );
}

const SERVER_ONLY = 'is server-only code (it holds secrets or opens the database): a component must not import it.';

const SERVER_FOLDERS = ['attestr', 'db', 'auth', 'sandbox', 'api/handler', 'api/errors', 'env', 'log'];

/** Keeps components/ away from server-only modules: they could reach the browser. */
const componentImports = {
  paths: [
    { name: 'server-only', message: 'A component is never server-only: move that code to lib/.' },
    // Those outside the folders below, each named once.
    ...serverOnlyModules()
      .filter((name) => !SERVER_FOLDERS.some((folder) => new RegExp(libImport(folder)).test(name)))
      .map((name) => ({ name, message: `${name} ${SERVER_ONLY}` })),
  ],
  patterns: [
    ...SERVER_FOLDERS.filter((folder) => folder !== 'auth').map((folder) => ({
      regex: libImport(folder),
      message: `lib/${folder} ${SERVER_ONLY}`,
    })),
    {
      regex: libImport('auth'),
      allowTypeImports: true,
      message: `lib/auth ${SERVER_ONLY} Only its types may be imported (import type).`,
    },
  ],
};

const DOMAIN =
  'A domain module knows nothing of HTTP, so a route, a retry and a bulk job can all call it: throw its own error and let the route handler answer.';

/** Keeps the domain modules (lib/updates, lib/profiles, lib/audit) away from HTTP. */
const domainImports = {
  paths: [{ name: 'next', message: DOMAIN }],
  patterns: [
    { regex: '^next/', message: DOMAIN },
    {
      regex: '^(@/|(\\./|(\\.\\./)+))lib/api/(?!types$)',
      message: `${DOMAIN} Only @/lib/api/types may be imported.`,
    },
    // Inside lib/, a sibling folder is reached as ../api/….
    {
      regex: '^(\\.\\./)+api/(?!types$)',
      message: `${DOMAIN} Only @/lib/api/types may be imported.`,
    },
  ],
};

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through lib/env.ts.',
        },
      ],
    },
  },
  {
    files: ['components/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', componentImports] },
  },
  {
    files: ['lib/updates/**', 'lib/profiles/**', 'lib/audit/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', domainImports] },
  },
  {
    // Shows the AttestrError a server page caught; a type only, erased from any bundle.
    files: ['components/profiles/profile-load-error.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...componentImports,
          patterns: componentImports.patterns.map((pattern) =>
            pattern.regex === libImport('attestr') ? { ...pattern, allowTypeImports: true } : pattern,
          ),
        },
      ],
    },
  },
  {
    files: ['lib/env.ts', 'instrumentation.ts', 'proxy.ts', '*.config.{ts,mjs,js}', 'e2e/**', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Test support reads the test runner's own settings (TEST_DATABASE_URL, FUZZ_RUNS).
    files: ['test/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['bench/**', 'scripts/**', 'e2e/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Playwright fixtures call a parameter named `use`, which is not React's hook.
    files: ['e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    ignores: [
      '.next/**',
      '.next-*/**',
      '.e2e-data/**',
      'bench/results/**',
      'node_modules/**',
      'data/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
];

export default config;
