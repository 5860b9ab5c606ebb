/**
 * The console's layers, top imports bottom only (README: "Code layout"):
 *   app/ → lib/api (HTTP layer) → domain (lib/updates, lib/bulk, lib/profiles, lib/users,
 *   lib/auth, lib/jobs, lib/audit) → lib/attestr, lib/db → lib/shared, lib/errors;
 *   components/ → lib/shared, lib/queries and other components.
 *   sandbox/ (the bundled Attestr sandbox, a development tool) stands apart: product code loads it
 *   only with import(), in sandbox mode, and it imports only itself and lib/errors.
 * The same arrows as eslint.config.mjs, checked on the whole graph: type-only imports count,
 * `@/` resolves through tsconfig.json, and test files (which assemble whole layers) are left out.
 */
const DOMAIN = '^lib/(updates|bulk|profiles|users|auth|jobs|audit)/';
const TESTS = '\\.test\\.tsx?$';

/** A forbidden rule: `from` (paths, tests excepted) must not import `to`. */
const forbid = (name, comment, from, to) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from, pathNot: TESTS },
  to,
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module reaches itself again through its imports.',
      severity: 'error',
      from: { pathNot: TESTS },
      to: { circular: true },
    },
    {
      name: 'no-circular-lib-folders',
      comment: 'No two folders of lib/ import each other, however indirectly.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^lib/' },
      to: { path: '^lib/', circular: true },
    },
    forbid(
      'db-not-above',
      'lib/db is persistence: only lib/db, lib/env, lib/log, lib/shared and lib/errors.',
      '^lib/db/',
      { path: '^(app|components)/|^lib/', pathNot: '^lib/(db|shared|errors)/|^lib/(env|log)\\.ts$' },
    ),
    forbid('db-not-next', 'lib/db knows nothing of Next.js.', '^lib/db/', { path: 'node_modules/next/' }),
    forbid('domain-not-http', 'A domain module knows nothing of HTTP: no lib/api, app/ or components/.', DOMAIN, {
      path: '^lib/api/|^(app|components)/',
    }),
    forbid('domain-not-next', 'A domain module knows nothing of Next.js (next/server, next/headers…).', DOMAIN, {
      path: 'node_modules/next/',
    }),
    forbid(
      'attestr-not-above',
      'lib/attestr, the Attestr boundary, imports neither the domain, lib/api nor pages.',
      '^lib/attestr/',
      {
        path: `${DOMAIN}|^lib/api/|^(app|components)/`,
      },
    ),
    forbid('api-not-app', 'lib/api, the HTTP layer, is imported by app/, never the other way round.', '^lib/api/', {
      path: '^(app|components)/',
    }),
    forbid(
      'api-only-from-app',
      'lib/api is the HTTP layer: only app/ (and proxy.ts, the start-up) import it.',
      '^(lib/(?!api/)|components/)',
      { path: '^lib/api/' },
    ),
    forbid(
      'shared-is-a-leaf',
      'lib/shared imports only itself, lib/errors, zod and libphonenumber-js.',
      '^lib/shared/',
      {
        pathNot: '^lib/(shared|errors)/|node_modules/(zod|libphonenumber-js)/',
      },
    ),
    forbid('errors-is-a-leaf', 'lib/errors, the table of error codes, imports only itself.', '^lib/errors/', {
      pathNot: '^lib/errors/',
    }),
    forbid(
      'components-not-server',
      'A component (or a browser fetcher in lib/queries) never imports lib/db, lib/attestr, lib/api, the server-only domain modules, pages or server-only code.',
      '^(components|lib/queries)/',
      {
        path: '^lib/(db|attestr|api)/|^lib/(env|log|health|startup)\\.ts$|^(app|sandbox)/|node_modules/server-only/',
        dependencyTypesNot: ['type-only'],
      },
    ),
    forbid(
      'components-not-server-types',
      'A component may import a type of lib/auth, and of lib/attestr/errors in the one that shows a load error; nothing else from the server.',
      '^(components|lib/queries)/',
      {
        path: '^lib/(db|attestr|api)/|^lib/(env|log|health|startup)\\.ts$|^(app|sandbox)/',
        pathNot: '^lib/attestr/errors\\.ts$',
        dependencyTypes: ['type-only'],
      },
    ),
    forbid(
      'components-not-domain-server',
      "A component reaches the domain folders only for the browser's own modules in them (CSV reading, the form's resolver, the user form's schema, the session's types); the rest is server code.",
      '^(components|lib/queries)/',
      {
        path: DOMAIN,
        pathNot:
          '^lib/(bulk/(rows|use-csv-file|csv-reader|csv\\.worker)|profiles/(form-resolver|same-value)|users/(schema|user-id))\\.ts$|^lib/auth/session\\.ts$',
      },
    ),
    forbid(
      'components-session-types-only',
      'From lib/auth/session a component takes its types only.',
      '^(components|lib/queries)/',
      { path: '^lib/auth/session\\.ts$', dependencyTypesNot: ['type-only'] },
    ),
    {
      name: 'attestr-errors-in-load-error-only',
      comment:
        "Only the profile's load error shows an AttestrError a server page caught (a type, erased from the bundle).",
      severity: 'error',
      from: { path: '^(components|lib/queries)/', pathNot: '^components/profiles/profile-load-error\\.tsx$' },
      to: { path: '^lib/attestr/errors\\.ts$' },
    },
    forbid(
      'sandbox-apart',
      'sandbox/ is a development tool, not part of the product: product code loads it only with import(), in sandbox mode (lib/attestr/instance.ts, lib/profiles/sandbox-demo.ts).',
      '^(app|components|lib)/',
      { path: '^sandbox/', dependencyTypesNot: ['dynamic-import'] },
    ),
    forbid(
      'sandbox-own',
      "sandbox/ imports only itself and the table of Attestr's documented codes (lib/errors).",
      '^sandbox/',
      { path: '^(app|components|lib)/', pathNot: '^lib/errors/' },
    ),
    forbid(
      'pages-thin',
      'Pages and route handlers call lib/api and domain functions, never lib/db or Attestr directly.',
      '^app/',
      {
        path: '^lib/(db|attestr)/',
        pathNot: '^lib/attestr/errors\\.ts$',
      },
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Test files and their helpers assemble whole layers (a database with its auth tables, a
    // console with its routes): the layers are those of the code they test.
    exclude: { path: '(^|/)\\.next/|\\.test\\.tsx?$|^test/' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: `import type` from a lower layer is still a dependency on it.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
