import { appIdPath } from '#shared/deploy/index.ts';
import { validateBundleFile } from '../lib/bundle-limits.ts';
import { type CommandSpec, type Io, runCommand, str, TARGET_HELP, TARGET_OPTIONS } from '../lib/command.ts';
import { type DeployOutcome, waitForDeployOutcome } from '../lib/deploy-outcome.ts';
import { CliError, EXIT, UsageError } from '../lib/errors.ts';
import { bytes, parseDuration } from '../lib/output.ts';
import { putFile } from '../lib/put-file.ts';
import { resolveTarget } from '../lib/target.ts';

const HELP = `Usage: autopilot upload <bundle.tar.gz> [--key KEY] [--no-wait] [--timeout 60s] [--json]

Validates the bundle locally (the deploy function's validator), uploads it under the bucket's incoming/ prefix
(progress on stderr for files over 1 MiB; multipart above 64 MiB), then waits for the deploy function's outcome:
deployed (with the Marathon deployment id), unchanged (this digest already runs), or rejected (with the reason).

  --key KEY        object key (default incoming/<app>-<time>.tar.gz; must stay under incoming/ and end in .tar.gz)
  --no-wait        return once uploaded
  --timeout D      how long to wait for the outcome (default 60s)

${TARGET_HELP}

Examples:
  autopilot upload rest-app.tar.gz
  autopilot upload dist/app.tar.gz --stage prod --region eu-west-1 --profile deployer
  autopilot upload app.tar.gz --json | jq -r .outcome

Exit codes: 0 deployed or unchanged, 1 upload failed, 2 bad flags, 3 no such file / no local stack,
            5 invalid bundle (locally) or rejected by the deploy function, 6 no outcome within --timeout.`;

function progressReporter(io: Io, json: boolean) {
  let lastShown = -1;
  return (sent: number, total: number) => {
    if (json || total < 1024 * 1024) return;
    const percent = Math.floor((sent / total) * 100);
    const step = process.stderr.isTTY ? 1 : 10;
    if (percent === lastShown || (percent % step !== 0 && percent !== 100)) return;
    lastShown = percent;
    const line = `  uploading ${bytes(sent)} / ${bytes(total)} (${percent} %)`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${percent === 100 ? '\n' : ''}`);
    else io.err(line);
  };
}

function describeOutcome(outcome: DeployOutcome): string {
  switch (outcome.outcome) {
    case 'deployed': {
      const r = outcome.record;
      return `deployed ${r.appId} ${r.digest.slice(0, 12)}: Marathon deployment ${r.deploymentId} (after ${outcome.waitedMs} ms)`;
    }
    case 'unchanged':
      return `unchanged: ${outcome.digest.slice(0, 12)} already runs (uploaded before as ${outcome.sourceKey})`;
    case 'rejected':
      return `rejected: ${outcome.rejection.code}: ${outcome.rejection.message}`;
    case 'timeout':
      return `no outcome after ${outcome.waitedMs} ms`;
  }
}

const spec: CommandSpec = {
  name: 'upload',
  help: HELP,
  options: { ...TARGET_OPTIONS, key: { type: 'string' }, wait: { type: 'boolean' }, timeout: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run({ values, positionals, io, json }) {
    const file = positionals[0] ?? '';
    const timeoutText = str(values, 'timeout') ?? '60s';
    const timeoutMs = parseDuration(timeoutText);
    if (timeoutMs === undefined)
      throw new UsageError(`--timeout must be a duration like 60s or 2m, not "${timeoutText}"`);
    const validated = await validateBundleFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new CliError('FILE_NOT_FOUND', EXIT.notFound, `${file} does not exist`);
      throw error;
    });
    const target = await resolveTarget(values);
    const appId = validated.manifest.id;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const key =
      str(values, 'key') ?? `${target.incomingPrefix}${appIdPath(appId).replaceAll('/', '_')}-${stamp}.tar.gz`;
    if (!key.startsWith(target.incomingPrefix) || !key.endsWith('.tar.gz')) {
      throw new UsageError(
        `--key ${key} would not trigger the deploy function`,
        `use a key under ${target.incomingPrefix} ending in .tar.gz`,
      );
    }
    const notBefore = Date.now();
    const put = await putFile({
      s3: target.s3(),
      bucket: target.bucket,
      key,
      path: file,
      onProgress: progressReporter(io, json),
    });
    if (!json)
      io.out(
        `uploaded s3://${target.bucket}/${key} (${bytes(put.bytes)}, sha256 ${validated.digest.slice(0, 12)}) to ${target.label}`,
      );
    if (values.wait === false) {
      if (json)
        io.out(
          JSON.stringify({
            ok: true,
            outcome: 'uploaded',
            bucket: target.bucket,
            key,
            appId,
            digest: validated.digest,
          }),
        );
      return EXIT.ok;
    }
    const outcome = await waitForDeployOutcome({
      s3: target.s3(),
      bucket: target.bucket,
      key,
      appId,
      digest: validated.digest,
      timeoutMs,
      notBefore,
    });
    const code = outcome.outcome === 'rejected' ? EXIT.invalid : outcome.outcome === 'timeout' ? EXIT.timeout : EXIT.ok;
    if (json) {
      io.out(
        JSON.stringify({
          ok: code === EXIT.ok,
          bucket: target.bucket,
          key,
          appId,
          digest: validated.digest,
          ...outcome,
        }),
      );
    } else if (code === EXIT.ok) {
      io.out(describeOutcome(outcome));
      io.out(`  follow it with: autopilot status ${appIdPath(appId)}`);
    } else {
      io.err(`autopilot upload: ${describeOutcome(outcome)}`);
      io.err(
        outcome.outcome === 'timeout'
          ? `  the deploy function has not answered; look at its log (${target.kind === 'local' ? `${target.stack?.logDir}/deploy.log` : 'CloudWatch /aws/lambda/<service>-<stage>-deploy'})`
          : '  fix the bundle (autopilot bundle validates it locally) and upload again',
      );
    }
    return code;
  },
};

function runUpload(argv: readonly string[], io?: Io): Promise<number> {
  return runCommand(spec, argv, io);
}

export { runUpload };
