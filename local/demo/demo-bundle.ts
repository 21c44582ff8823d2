import { join } from 'node:path';
import { readTarGz, writeTarGz } from '#local/example/index.ts';

/**
 * The demo's copy of the example bundle, with an `autoscaling` block sized for a demo: the collect schedule runs
 * every few seconds instead of every minute, so the windows the policies count in (stabilisation, consecutive
 * periods) are shortened in the same proportion, and `--policy` swaps the policy. Only marathon.json changes; the
 * app's files are copied byte for byte. Parameters are those of docs/scaling.md (utilisation in percent).
 */
type DemoPolicy = 'target' | 'threshold' | 'seed' | 'seed-original';

const MIN_INSTANCES = 1;
const MAX_INSTANCES = 4;

function demoAutoscaling(policy: DemoPolicy, scheduleMs: number): Record<string, string | number | boolean> {
  const common = { policy, minInstances: MIN_INSTANCES, maxInstances: MAX_INSTANCES };
  // Three collect periods: long enough to ride out one noisy sample, short enough to watch.
  const windowS = Math.max(1, Math.round((3 * scheduleMs) / 1000));
  switch (policy) {
    case 'target':
      return { ...common, targetCpu: 60, downStabilisationS: windowS, upPeriodS: windowS, downPeriodS: windowS };
    case 'threshold':
      return { ...common, maxCpu: 80, minCpu: 30, scaleUpFactor: 0, coolDownFactor: 1 };
    case 'seed':
    case 'seed-original':
      return { ...common, overloadedCpu: 80, step: 1 };
  }
}

interface DemoBundle {
  path: string;
  appId: string;
  /** The autoscaling block the demo uploads. */
  autoscaling: Record<string, string | number | boolean>;
  /** The manifest's own policy, before `--policy`. */
  manifestPolicy: string | undefined;
}

/** Writes `<outDir>/rest-app-demo.tar.gz`: `source` with its marathon.json's autoscaling block set for the demo. */
async function writeDemoBundle(
  source: string,
  outDir: string,
  options: { policy?: DemoPolicy | undefined; scheduleMs: number },
): Promise<DemoBundle> {
  const files = await readTarGz(source);
  const manifestFile = files.find((file) => file.name === 'marathon.json');
  if (!manifestFile) throw new Error(`${source} has no marathon.json at its root`);
  const manifest = JSON.parse(manifestFile.data.toString('utf8')) as {
    id: string;
    autoscaling?: { policy?: string };
  };
  const manifestPolicy = manifest.autoscaling?.policy;
  const policy = options.policy ?? (manifestPolicy as DemoPolicy | undefined) ?? 'target';
  const autoscaling = demoAutoscaling(policy, options.scheduleMs);
  manifestFile.data = Buffer.from(`${JSON.stringify({ ...manifest, autoscaling }, null, 2)}\n`);
  const path = join(outDir, 'rest-app-demo.tar.gz');
  await writeTarGz(files, path);
  return { path, appId: manifest.id.replace(/^\/+/, ''), autoscaling, manifestPolicy };
}

export type { DemoBundle, DemoPolicy };
export { demoAutoscaling, MAX_INSTANCES, MIN_INSTANCES, writeDemoBundle };
