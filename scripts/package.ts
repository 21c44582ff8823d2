/**
 * `npm run package`: `serverless package` fully offline. Packaging needs no AWS call, but the AWS provider refuses to
 * start without credentials, so dummy ones are set here (never real ones: nothing is deployed). Telemetry and update
 * checks are switched off so no request leaves the machine. Extra arguments pass through, e.g.
 * `npm run package -- --stage prod --param "bundleReaderVpceId=vpce-0abc"`.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const serverlessBin = createRequire(import.meta.url).resolve('osls/bin/serverless.js');

const env: NodeJS.ProcessEnv = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'AKIAOFFLINEPACKAGING',
  AWS_SECRET_ACCESS_KEY: 'offline-packaging-dummy-secret',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  SLS_TELEMETRY_DISABLED: '1',
  SLS_TRACKING_DISABLED: '1',
  SLS_NOTIFICATIONS_MODE: 'off',
  SLS_DEPRECATION_DISABLE: '*',
  SLS_INTERACTIVE_SETUP_DISABLE: '1',
  CI: '1',
};
delete env.AWS_SESSION_TOKEN;
delete env.AWS_PROFILE;

const result = spawnSync(process.execPath, [serverlessBin, 'package', ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exitCode = result.status ?? 1;
