// `npm run e2e:build`: the production build the end-to-end tests run, made with the canary
// token in its environment so that e2e/token-leak.spec.ts can prove no build output holds it.
import { spawnSync } from 'node:child_process';

import { E2E } from '../e2e/fixtures/settings';

const result = spawnSync('npx', ['next', 'build', '--webpack'], {
  stdio: 'inherit',
  env: { ...process.env, ATTESTR_AUTH_TOKEN: E2E.canaryToken, NEXT_TELEMETRY_DISABLED: '1' },
});
process.exit(result.status ?? 1);
