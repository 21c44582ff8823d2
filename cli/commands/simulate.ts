import { readFile, writeFile } from 'node:fs/promises';
import {
  type AppModel,
  enginePolicy,
  generateTrace,
  isTraceFamily,
  type ManifestSettings,
  type ParamValue,
  PEERS,
  paretoFront,
  parseAppModel,
  parseCsvTrace,
  parseManifest,
  parseParams,
  parsePolicyConfig,
  parseReplayTrace,
  peerPolicy,
  type RunResult,
  renderChart,
  SimulationError,
  scaleTrace,
  simulate,
  sweepGrid,
  type Trace,
} from '#shared/simulation/index.ts';
import { HELP, numberFlag, parseSimulateArgs, type SimulateFlags, UsageError } from './simulate-args.ts';
import { describeTrace, formatTable, METRIC_HEADERS, metricCells } from './simulate-output.ts';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Parameters every policy shares: kept from the manifest even when --policy picks another policy. */
const COMMON_PARAMS = ['enabled', 'minInstances', 'maxInstances', 'cooldownS', 'maxChange'];

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new UsageError(`cannot read the ${what} "${path}": ${reason}; check the path`, { cause: error });
  }
}

async function loadTrace(flags: SimulateFlags, cpus: number, seed: number): Promise<Trace> {
  if ((flags.trace === undefined) === (flags.replay === undefined)) {
    throw new UsageError('give one load: --trace <family|file.csv> or --replay <messages.jsonl>');
  }
  if (flags.replay !== undefined) {
    return parseReplayTrace(await readText(flags.replay, 'recording'), { cpusPerInstance: cpus, appId: flags.app });
  }
  const trace = flags.trace ?? '';
  if (isTraceFamily(trace)) return generateTrace(trace, seed);
  if (!trace.includes('.') && !trace.includes('/')) {
    throw new UsageError(
      `unknown trace "${trace}": use diurnal, flash-crowd, slow-ramp, noisy-plateau, step-down or a .csv file`,
    );
  }
  return parseCsvTrace(await readText(trace, 'trace'), trace);
}

/** Manifest policy, then --policy (a different policy keeps only the shared parameters), then --param. */
function baseSpec(flags: SimulateFlags, manifest: ManifestSettings | undefined): Record<string, ParamValue> {
  const fromManifest = manifest?.spec ?? {};
  const policy = flags.policy ?? (fromManifest.policy as string | undefined) ?? 'target';
  const kept =
    fromManifest.policy === undefined || fromManifest.policy === policy
      ? fromManifest
      : Object.fromEntries(Object.entries(fromManifest).filter(([key]) => COMMON_PARAMS.includes(key)));
  return { ...kept, policy, ...parseParams(flags.param) };
}

function traceJson(trace: Trace) {
  const peak = Math.max(...trace.demand);
  const mean = trace.demand.reduce((sum, value) => sum + value, 0) / trace.demand.length;
  return { name: trace.name, stepS: trace.stepS, samples: trace.demand.length, peakDemand: peak, meanDemand: mean };
}

function labelOf(spec: Record<string, ParamValue>): string {
  const params = Object.entries(spec).filter(([key]) => key !== 'policy');
  return params.length === 0
    ? String(spec.policy)
    : `${spec.policy} (${params.map(([k, v]) => `${k}=${v}`).join(', ')})`;
}

async function writeSvg(flags: SimulateFlags, runs: readonly RunResult[], model: AppModel, title: string, io: Io) {
  if (flags.svg === undefined) return;
  await writeFile(flags.svg, renderChart(runs, { title, cpusPerInstance: model.cpusPerInstance }));
  io.err(`chart written to ${flags.svg}; open it in a browser\n`);
}

function runSweep(trace: Trace, model: AppModel, spec: Record<string, ParamValue>, flags: SimulateFlags) {
  const grid = sweepGrid(flags.sweep);
  const skipped: string[] = [];
  const rows: { params: Record<string, ParamValue>; run: RunResult }[] = [];
  for (const params of grid) {
    const full = { ...spec, ...params };
    try {
      rows.push({ params, run: simulate(trace, enginePolicy(labelOf(full), parsePolicyConfig(full)), model) });
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      skipped.push(`${JSON.stringify(params)}: ${error.message}`);
    }
  }
  if (rows.length === 0) throw new UsageError(`every combination of the sweep is invalid:\n  ${skipped.join('\n  ')}`);
  const front = paretoFront(
    rows,
    (row) => row.run.metrics.overloadSeconds,
    (row) => row.run.metrics.instanceHours,
  );
  return { grid: rows, front, skipped };
}

async function execute(flags: SimulateFlags, io: Io): Promise<void> {
  const manifest = flags.manifest
    ? parseManifest(await readText(flags.manifest, 'manifest'), flags.manifest)
    : undefined;
  const seed = numberFlag(flags, 'seed') ?? 1;
  const cpus = numberFlag(flags, 'cpus') ?? manifest?.cpus ?? 0.5;
  const loaded = await loadTrace(flags, cpus, seed);
  const peak = numberFlag(flags, 'peak');
  const trace = peak === undefined ? loaded : scaleTrace(loaded, peak);
  const model = parseAppModel(
    {
      cpusPerInstance: cpus,
      seed,
      initialInstances: numberFlag(flags, 'instances') ?? manifest?.instances,
      startupDelayS: numberFlag(flags, 'startup'),
      periodS: numberFlag(flags, 'period'),
      noise: numberFlag(flags, 'noise'),
      overloadLimit: numberFlag(flags, 'overload-limit'),
    },
    trace.demand[0] ?? 0,
  );
  const spec = baseSpec(flags, manifest);
  const heading = `${describeTrace(trace, isTraceFamily(trace.name) ? seed : undefined)}; ${model.cpusPerInstance} CPU/instance, ${model.startupDelayS} s start-up, decisions every ${model.periodS} s`;

  if (flags.sweep.length > 0) {
    const { grid, front, skipped } = runSweep(trace, model, spec, flags);
    const keys = Object.keys(grid[0]?.params ?? {});
    if (flags.json) {
      const rowJson = (row: (typeof grid)[number]) => ({ params: row.params, metrics: row.run.metrics });
      io.out(
        `${JSON.stringify({ trace: traceJson(trace), model, spec, grid: grid.map(rowJson), front: front.map(rowJson), skipped }, null, 2)}\n`,
      );
    } else {
      const rows = front.map((row) => [...keys.map((key) => String(row.params[key])), ...metricCells(row.run.metrics)]);
      io.out(`${heading}\nbase policy: ${labelOf(spec)}\n`);
      io.out(`Pareto front of overload-seconds vs instance-hours: ${front.length} of ${grid.length} combinations\n\n`);
      io.out(`${formatTable([...keys, ...METRIC_HEADERS], rows)}\n`);
      if (skipped.length > 0)
        io.out(`\nskipped ${skipped.length} invalid combination(s):\n  ${skipped.join('\n  ')}\n`);
    }
    await writeSvg(
      flags,
      front.map((row) => row.run),
      model,
      `${trace.name}: Pareto front of the sweep`,
      io,
    );
    return;
  }

  const config = parsePolicyConfig(spec);
  const mine = simulate(trace, enginePolicy(labelOf(spec), config), model);
  if (mine.metrics.maxInstances >= config.maxInstances && mine.metrics.overloadSeconds > 0) {
    io.err(
      `note: the policy reached maxInstances (${config.maxInstances}) and was overloaded; try --param maxInstances=${config.maxInstances * 2}\n`,
    );
  }
  // Peers get the user's bounds, so the comparison is about the rule and not the limits.
  const bounds = { minInstances: config.minInstances, maxInstances: config.maxInstances };
  const peers = PEERS.map((peer) => ({ ...peer, spec: { ...peer.spec, ...bounds } }));
  const runs = flags.compare ? [mine, ...peers.map((peer) => simulate(trace, peerPolicy(peer), model))] : [mine];
  if (flags.json) {
    io.out(
      `${JSON.stringify({ trace: traceJson(trace), model, spec, runs: runs.map(({ series, ...rest }) => rest) }, null, 2)}\n`,
    );
  } else {
    const rows = runs.map((run) => [run.policy, ...metricCells(run.metrics)]);
    io.out(`${heading}\n\n${formatTable(['policy', ...METRIC_HEADERS], rows)}\n`);
  }
  await writeSvg(flags, runs, model, `${trace.name}: ${labelOf(spec)}`, io);
}

/** `autopilot simulate …`: 0 on success, 1 when the run failed (bad trace data), 2 for a usage mistake. */
async function runSimulate(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    const flags = parseSimulateArgs(argv);
    if (flags.help) {
      io.out(HELP);
      return 0;
    }
    await execute(flags, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`autopilot simulate: ${error.message}\nRun "autopilot simulate --help" for usage and examples.\n`);
      return 2;
    }
    if (error instanceof SimulationError) {
      io.err(`autopilot simulate: ${error.message}\n`);
      return error.code === 'SIMULATION_CONFIG' ? 2 : 1;
    }
    throw error;
  }
}

export type { Io };
export { runSimulate };
