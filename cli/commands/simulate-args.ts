import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';

const HELP = `autopilot simulate — backtest an autoscaling policy on a synthetic or recorded load

Usage:
  autopilot simulate --trace <family|file.csv> [options]
  autopilot simulate --replay <messages.jsonl> [--app /id] [options]

Load (one of):
  --trace <name>         diurnal | flash-crowd | slow-ramp | noisy-plateau | step-down (built in, from --seed)
  --trace <file.csv>     your recorded load: lines "timestamp,demand" (ISO 8601 or seconds; CPU-seconds/s)
  --replay <file.jsonl>  collector messages (one AppUsageMessage JSON per line), demand = Σ task cpu × --cpus
  --app </id>            which app to replay when the recording holds several
  --peak <cores>         rescale the load so its highest sample is this many CPU-seconds/s (fit it to your app)

Policy:
  --policy <name>        target (default) | threshold | seed | seed-original
  --param key=value      a policy parameter, repeatable (e.g. --param targetCpu=60 --param minInstances=2)
  --manifest <file>      read cpus, instances and the policy from a marathon.json manifest ("autoscaling")
                         or a Marathon app definition ("autopilot.*" labels); flags override it
  --compare              also run every built-in peer (product default, HPA-style, threshold, seed rules)
                         with the same minInstances/maxInstances as your policy
  --sweep key=v1,v2,...  sweep a parameter, repeatable: prints the Pareto front of overload vs instance-hours

Model:
  --seed <n>             seed of the built-in trace and of the measurement noise (default 1)
  --cpus <n>             CPU per instance (default: the manifest's cpus, else 0.5)
  --instances <n>        instances at the start (default: the manifest's, else sized for 60 % of the first load)
  --startup <s>          seconds before a new instance serves (default 90)
  --period <s>           seconds between decisions, the collect schedule (default 60)
  --noise <f>            relative noise of each task's CPU measurement (default 0.05)
  --overload-limit <f>   utilisation of ready capacity above which a second counts as overloaded (default 0.9)

Output:
  --svg <file>           write a chart (demand, ready capacity, instances, scaling actions) to open in a browser
  --json                 print JSON instead of the table
  -h, --help             this help

Examples:
  autopilot simulate --trace diurnal --policy target --param targetCpu=60 --param minInstances=2 --svg day.svg
  autopilot simulate --trace flash-crowd --compare --svg flash.svg
  autopilot simulate --trace load.csv --manifest marathon.json
  autopilot simulate --trace diurnal --peak 0.8 --manifest examples/rest-app/marathon.json
  autopilot simulate --replay messages.jsonl --app /rest_app --cpus 0.5 --policy threshold
  autopilot simulate --trace noisy-plateau --sweep targetCpu=50,60,70,80 --sweep downStabilisationS=60,300,600

Metrics (docs/simulate.md): overload-s = seconds with demand above overload-limit × ready capacity;
saturated-s = seconds with demand above ready capacity; instance-h = instances provisioned (starting ones
included) × hours; actions = applied scaling changes; worst = highest demand ÷ ready capacity.
`;

const OPTIONS = {
  trace: { type: 'string' },
  replay: { type: 'string' },
  app: { type: 'string' },
  peak: { type: 'string' },
  policy: { type: 'string' },
  param: { type: 'string', multiple: true, default: [] as string[] },
  manifest: { type: 'string' },
  compare: { type: 'boolean', default: false },
  sweep: { type: 'string', multiple: true, default: [] as string[] },
  seed: { type: 'string' },
  cpus: { type: 'string' },
  instances: { type: 'string' },
  startup: { type: 'string' },
  period: { type: 'string' },
  noise: { type: 'string' },
  'overload-limit': { type: 'string' },
  svg: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsOptionsConfig;

/** A mistake in the command line: the message says what to change; exit code 2. */
class UsageError extends Error {
  readonly code = 'USAGE';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

function parseSimulateArgs(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

type SimulateFlags = ReturnType<typeof parseSimulateArgs>;

/** A numeric flag, or undefined when absent; throws a UsageError naming the flag when not a number. */
function numberFlag(flags: SimulateFlags, name: keyof SimulateFlags): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value)) {
    throw new UsageError(`--${name} expects a number, got "${String(raw)}"`);
  }
  return value;
}

export type { SimulateFlags };
export { HELP, numberFlag, parseSimulateArgs, UsageError };
