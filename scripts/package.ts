/**
 * `npm run package`: `serverless package` fully offline. Packaging needs no AWS call, but the AWS provider refuses to
 * start without credentials, so dummy ones are set here (never real ones: nothing is deployed). Telemetry and update
 * checks are switched off so no request leaves the machine. Extra arguments pass through, e.g.
 * `npm run package -- --stage prod --param "bundleReaderVpceId=vpce-0abc"`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
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

// Report the bundle sizes: each function zip should stay well under 1 MB (cold start, upload time).
const LIMIT_BYTES = 1024 * 1024;
if (result.status === 0) {
  const args = process.argv.slice(2);
  const packageFlag = args.findIndex((arg) => arg === '--package' || arg === '-p');
  // serverless resolves a relative --package dir against its cwd, which is the repository root.
  const outDir = resolve(root, (packageFlag >= 0 && args[packageFlag + 1]) || '.serverless');
  for (const file of readdirSync(outDir).filter((name) => name.endsWith('.zip'))) {
    const bytes = statSync(join(outDir, file)).size;
    const note = bytes > LIMIT_BYTES ? '  <-- over 1 MB' : '';
    console.log(`${file.padEnd(16)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB${note}`);
  }
}
