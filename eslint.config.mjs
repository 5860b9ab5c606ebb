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

const SERVER_FOLDERS = ['attestr', 'db', 'auth', 'api', 'env', 'log'];

const SANDBOX =
  'sandbox/ is a development tool, not part of the product: only lib/attestr/instance.ts loads it, with import(), in sandbox mode.';
/** Product code ↛ sandbox/ (a dynamic import() is not an import declaration, so instance.ts may load it). */
const noSandbox = { regex: '^(@/|(\\./|(\\.\\./)+))sandbox(/|$)', message: SANDBOX };

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
    { regex: '^(@/|(\\./|(\\.\\./)+))app(/|$)', message: 'A component never imports a page or route handler (app/).' },
    noSandbox,
  ],
};

/** An import of `<target>` (e.g. `app`, `lib/db`), by the `@/` alias or a relative path. */
const importOf = (target) => `^(@/|(\\./|(\\.\\./)+))${target}(/|$)`;
/** Inside lib/, a sibling folder is also reached as `../<folder>/…`. */
const siblingOf = (folder) => `^(\\.\\./)+${folder}(/|$)`;

/** The domain modules: what the console does, in plain functions a route, a retry and a job call alike. */
const DOMAIN_FOLDERS = ['updates', 'bulk', 'profiles', 'users', 'auth', 'jobs', 'audit'];

/** One `patterns` entry per folder of lib/ in `folders`, by alias or relative path, with `message`. */
const libFolders = (folders, message, extra = {}) =>
  folders.flatMap((folder) => [
    { regex: importOf(`lib/${folder}`), message, ...extra },
    { regex: siblingOf(folder), message, ...extra },
  ]);

const DOMAIN =
  'A domain module knows nothing of HTTP, so a route, a retry and a bulk job can all call it: throw its own error and let the route handler answer.';

/** domain ↛ HTTP: lib/updates, lib/bulk, lib/profiles, lib/users, lib/auth, lib/jobs, lib/audit. */
const domainImports = {
  paths: [{ name: 'next', message: DOMAIN }],
  patterns: [
    { regex: '^next/', message: DOMAIN },
    ...libFolders(['api'], `${DOMAIN} lib/api is the HTTP layer, above the domain.`),
    { regex: importOf('app'), message: `${DOMAIN} app/ is above the domain.` },
    { regex: importOf('components'), message: `${DOMAIN} components/ are the browser's.` },
    noSandbox,
  ],
};

const DATABASE =
  'lib/db is persistence: it imports only lib/db, lib/env, lib/log, lib/shared and lib/errors, never the domain, the HTTP layer or pages (they import it).';

/** db ↛ domain, lib/api, lib/attestr, app, components. */
const databaseImports = {
  patterns: [
    ...libFolders([...DOMAIN_FOLDERS, 'api', 'attestr', 'queries'], DATABASE),
    noSandbox,
    ...['permissions', 'startup', 'health'].map((name) => ({ regex: importOf(`lib/${name}`), message: DATABASE })),
    { regex: importOf('app'), message: DATABASE },
    { regex: importOf('components'), message: DATABASE },
    { regex: '^next(/|$)', message: DATABASE },
  ],
};

const SHARED =
  'lib/shared is the leaf every layer reads (form, routes, domain, worker): it imports only lib/shared, lib/errors, zod and libphonenumber-js.';

/** shared leaf ↛ anything but itself, lib/errors, zod and libphonenumber-js. */
const sharedImports = {
  patterns: [
    {
      regex: '^(?!(@/lib/(shared|errors)/|\\./|\\.\\./errors/|zod(/|$)|libphonenumber-js(/|$)))',
      message: SHARED,
    },
  ],
};

const ERRORS = 'lib/errors is a leaf (the table of error codes): it imports only lib/errors.';

/** lib/errors ↛ anything but itself. */
const errorsImports = {
  patterns: [{ regex: '^(?!(@/lib/errors/|\\./))', message: ERRORS }],
};

const HTTP_LAYER = 'lib/api is the HTTP layer: app/ imports it, never the other way round.';

/** lib/api ↛ app, components. */
const httpLayerImports = {
  patterns: [
    { regex: importOf('app'), message: HTTP_LAYER },
    { regex: importOf('components'), message: HTTP_LAYER },
    noSandbox,
  ],
};

const ATTESTR =
  'lib/attestr is the Attestr boundary: the domain calls it, so it imports neither the domain, the HTTP layer nor pages.';

/** lib/attestr ↛ domain, lib/api, app, components. */
const attestrImports = {
  patterns: [
    ...libFolders([...DOMAIN_FOLDERS, 'api'], ATTESTR),
    { regex: importOf('app'), message: ATTESTR },
    { regex: importOf('components'), message: ATTESTR },
    noSandbox,
  ],
};

const PAGES =
  "A page or route handler stays thin: it calls the HTTP layer (lib/api) and domain functions, which query lib/db and Attestr and apply the viewer's scope.";

/** app ↛ lib/db, lib/attestr (but for the Attestr error a profile page shows). */
const appImports = {
  patterns: [
    { regex: importOf('lib/db'), message: PAGES },
    { regex: '^(@/|(\\./|(\\.\\./)+))lib/attestr/(?!errors$)', message: PAGES },
    noSandbox,
  ],
};

/** Test files assemble whole layers (a database with its auth tables, a console with its routes). */
const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

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
  // One block per arrow of the layers (top imports bottom only): app → lib/api → domain →
  // lib/attestr, lib/db → lib/shared, lib/errors; components → lib/shared, lib/queries.
  {
    files: ['components/**', 'lib/queries/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', componentImports] },
  },
  {
    files: DOMAIN_FOLDERS.map((folder) => `lib/${folder}/**`),
    ignores: TESTS,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', domainImports] },
  },
  {
    files: ['lib/db/**'],
    ignores: TESTS,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', databaseImports] },
  },
  {
    files: ['lib/shared/**'],
    ignores: TESTS,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', sharedImports] },
  },
  {
    files: ['lib/errors/**'],
    ignores: TESTS,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', errorsImports] },
  },
  {
    files: ['lib/api/**'],
    ignores: TESTS,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', httpLayerImports] },
  },
  {
    files: ['lib/attestr/**'],
    ignores: TESTS,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', attestrImports] },
  },
  {
    files: ['sandbox/**'],
    ignores: TESTS,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(@/(?!(sandbox|lib/errors)/)|(\\./|(\\.\\./)+)(app|components|lib)(/|$))',
              message:
                "sandbox/ stands apart from the product: it imports only itself and the table of Attestr's documented codes (lib/errors).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/**'],
    ignores: TESTS,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', appImports] },
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
