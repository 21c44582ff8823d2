import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

/**
 * `npm start` flags. Timings are flags (not constants) so the end-to-end test can run the whole scenario headless
 * in well under a minute, while a person watching gets a pace they can follow.
 */
const POLICIES = ['target', 'threshold', 'seed', 'seed-original'] as const;
const EXAMPLE_KINDS = ['built-pex', 'prebuilt', 'fallback'] as const;

const USAGE = `Usage: npm start -- [options]        (or: node local/start.ts [options])

Starts the whole pipeline on this machine (s3rver, fauxqs, a Marathon + Mesos stand-in, the three functions),
uploads the example app, loads it so the autoscaler scales it up, stops the load so it scales down, and prints
each scaling decision. Keeps running until Ctrl-C, which stops everything.

  --agents N             Mesos agents in the stand-in (default 3)
  --policy NAME          autoscaling policy instead of the manifest's: target, threshold, seed, seed-original
  --schedule-ms MS       collect schedule (default 5000; AWS runs it every minute)
  --no-load              no scripted load: deploy, then keep running (drive it with npm run load / autopilot)
  --load-rate N          load requests per second (default 20)
  --load-ms MS           longest the load runs (default 90000; it stops earlier once scaled up)
  --hold-ms MS           keep the load this long after the first scale-up (default 4 x schedule)
  --example KIND         insist on one example bundle: built-pex, prebuilt, fallback (default: best available)
  --data-dir DIR         state, logs and stack.json go here (default .local/)
  --no-dashboard         do not serve the dashboard
  --exit-after-scenario  stop everything and exit once the app has scaled up and down (exit 0), or failed (1)
  --scenario-timeout-ms  give up on the scenario after this long (default 300000)
  --verbose              also print decisions that changed nothing, and every function log line
  --help                 this text

Examples:
  npm start
  npm start -- --policy threshold --agents 5
  npm start -- --no-load                     # then: npm run load -- --url http://127.0.0.1:<port> --path '/load?ms=20'
  node local/start.ts --exit-after-scenario --schedule-ms 1000

Exit codes: 0 stopped cleanly (Ctrl-C or scenario done), 1 the scenario or the stack failed, 2 bad flags.`;

const StartOptionsSchema = z.object({
  agents: z.coerce.number().int().min(1).max(20).default(3),
  policy: z.enum(POLICIES).optional(),
  scheduleMs: z.coerce.number().int().min(200).max(600_000).default(5_000),
  load: z.boolean().default(true),
  loadRate: z.coerce.number().positive().max(200).default(20),
  loadMs: z.coerce.number().int().min(1_000).max(900_000).default(90_000),
  holdMs: z.coerce.number().int().min(0).max(600_000).optional(),
  example: z.enum(EXAMPLE_KINDS).optional(),
  dataDir: z.string().min(1).default('.local'),
  dashboard: z.boolean().default(true),
  exitAfterScenario: z.boolean().default(false),
  scenarioTimeoutMs: z.coerce.number().int().min(1_000).default(300_000),
  verbose: z.boolean().default(false),
});

type StartOptions = z.output<typeof StartOptionsSchema>;
type StartOptionsInput = z.input<typeof StartOptionsSchema>;

type ParsedStartArgs = { help: true } | { help: false; options: StartOptions } | { error: string };

function parseStartArgs(argv: readonly string[], cwd = process.cwd()): ParsedStartArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowNegative: true,
      options: {
        agents: { type: 'string' },
        policy: { type: 'string' },
        'schedule-ms': { type: 'string' },
        load: { type: 'boolean' },
        'load-rate': { type: 'string' },
        'load-ms': { type: 'string' },
        'hold-ms': { type: 'string' },
        example: { type: 'string' },
        'data-dir': { type: 'string' },
        dashboard: { type: 'boolean' },
        'exit-after-scenario': { type: 'boolean' },
        'scenario-timeout-ms': { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (values.help) return { help: true };
  const parsed = StartOptionsSchema.safeParse({
    agents: values.agents,
    policy: values.policy,
    scheduleMs: values['schedule-ms'],
    load: values.load,
    loadRate: values['load-rate'],
    loadMs: values['load-ms'],
    holdMs: values['hold-ms'],
    example: values.example,
    dataDir: values['data-dir'],
    dashboard: values.dashboard,
    exitAfterScenario: values['exit-after-scenario'],
    scenarioTimeoutMs: values['scenario-timeout-ms'],
    verbose: values.verbose,
  });
  if (!parsed.success) {
    const flag = (path: PropertyKey[]) => `--${String(path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    return { error: parsed.error.issues.map((issue) => `${flag(issue.path)}: ${issue.message}`).join('; ') };
  }
  return { help: false, options: { ...parsed.data, dataDir: resolve(cwd, parsed.data.dataDir) } };
}

export type { ParsedStartArgs, StartOptions, StartOptionsInput };
export { EXAMPLE_KINDS, POLICIES, parseStartArgs, StartOptionsSchema, USAGE };
