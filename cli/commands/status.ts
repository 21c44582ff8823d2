import type { DecisionLine } from '#shared/logging/decision-line.ts';
import type { MarathonApp, MarathonTask } from '#shared/marathon/index.ts';
import { type CommandSpec, runCommand, TARGET_HELP, TARGET_OPTIONS } from '../lib/command.ts';
import { readDecisions } from '../lib/decision-source.ts';
import { CliError, EXIT } from '../lib/errors.ts';
import { ago, table } from '../lib/output.ts';
import { resolveTarget } from '../lib/target.ts';

const HELP = `Usage: autopilot status [app] [--json]

Apps on Marathon: instances wanted and running, health, running deployments, the bundle digest the deploy
function set (label autopilot.digest), the autoscaling policy and the last scaling decision. With an app: also
its tasks (host:port, state, health, started).

${TARGET_HELP}

Examples:
  autopilot status
  autopilot status rest-app
  autopilot status --json | jq '.apps[] | {id, instances, tasksRunning}'
  autopilot status --stage prod --marathon-url http://marathon.internal:8080

Exit codes: 0 ok, 1 Marathon failed, 2 bad flags, 3 no such app / no local stack.`;

interface AppStatus {
  id: string;
  instances: number;
  tasksRunning: number | undefined;
  tasksHealthy: number | undefined;
  tasksUnhealthy: number | undefined;
  deployments: string[];
  digest: string | undefined;
  sourceKey: string | undefined;
  autoscaling: boolean;
  policy: string | undefined;
  lastDecision: DecisionLine | undefined;
  tasks?: Array<{
    id: string;
    endpoint: string;
    state: string | undefined;
    healthy: boolean | null;
    startedAt?: string;
  }>;
}

const bare = (id: string) => id.replace(/^\/+/, '');

function health(task: MarathonTask): boolean | null {
  const results = task.healthCheckResults;
  if (!results || results.length === 0) return null;
  return results.every((result) => result.alive);
}

function appStatus(app: MarathonApp, lastDecision: DecisionLine | undefined, withTasks: boolean): AppStatus {
  const labels = app.labels ?? {};
  const status: AppStatus = {
    id: app.id,
    instances: app.instances,
    tasksRunning: app.tasksRunning,
    tasksHealthy: app.tasksHealthy,
    tasksUnhealthy: app.tasksUnhealthy,
    deployments: (app.deployments ?? []).map((d) => d.id),
    digest: labels['autopilot.digest'],
    sourceKey: labels['autopilot.source-key'],
    autoscaling: labels['autopilot.enabled'] === 'true',
    policy: labels['autopilot.policy'],
    lastDecision,
  };
  if (withTasks) {
    const tasks = app.tasks ?? [];
    status.tasks = tasks.map((task) => ({
      id: task.id,
      endpoint: `${task.host}:${task.ports?.[0] ?? '-'}`,
      state: task.state,
      healthy: health(task),
      ...(task.startedAt ? { startedAt: task.startedAt } : {}),
    }));
  }
  return status;
}

const spec: CommandSpec = {
  name: 'status',
  help: HELP,
  options: { ...TARGET_OPTIONS },
  positionals: { min: 0, max: 1 },
  async run({ values, positionals, io, json }) {
    const target = await resolveTarget(values);
    const marathon = target.marathon();
    const wanted = positionals[0];
    const apps = (await marathon.listApps({ embedTasks: true })).filter(
      (app) => !wanted || bare(app.id) === bare(wanted),
    );
    if (wanted && apps.length === 0) {
      throw new CliError('APP_NOT_FOUND', EXIT.notFound, `Marathon has no app ${wanted}`, {
        hint: 'run autopilot status to list the apps, or upload a bundle with autopilot upload',
      });
    }
    let decisions: DecisionLine[] = [];
    let decisionsNote: string | undefined;
    try {
      const sinceMs = target.kind === 'aws' ? Date.now() - 3_600_000 : undefined;
      decisions = await readDecisions(target.decisions, { appId: wanted, sinceMs });
    } catch (error) {
      decisionsNote = `last decisions unavailable: ${(error as Error).message}`;
    }
    const last = (id: string) => decisions.findLast((d) => bare(d.appId) === bare(id));
    const statuses = apps.map((app) => appStatus(app, last(app.id), wanted !== undefined));
    if (json) {
      io.out(
        JSON.stringify({
          ok: true,
          target: target.label,
          apps: statuses,
          ...(decisionsNote ? { note: decisionsNote } : {}),
        }),
      );
      return EXIT.ok;
    }
    io.out(`${target.label}: ${statuses.length} app(s)`);
    if (statuses.length > 0) {
      const rows = statuses.map((s) => [
        bare(s.id),
        s.instances,
        s.tasksRunning,
        `${s.tasksHealthy ?? 0}/${s.tasksUnhealthy ?? 0}`,
        s.deployments.length > 0 ? s.deployments.map((d) => d.slice(0, 8)).join(',') : '-',
        s.digest?.slice(0, 12),
        s.autoscaling ? (s.policy ?? 'default') : 'off',
        s.lastDecision
          ? `${s.lastDecision.action} ${s.lastDecision.current}→${s.lastDecision.desired} ${ago(s.lastDecision.timestamp)}`
          : '-',
      ]);
      const header = ['APP', 'WANT', 'RUNNING', 'HEALTHY/UNHEALTHY', 'DEPLOYING', 'DIGEST', 'POLICY', 'LAST DECISION'];
      for (const line of table(header, rows)) io.out(line);
    }
    for (const s of statuses) {
      if (!s.tasks) continue;
      io.out('');
      if (s.lastDecision?.reasonText) io.out(`last decision: ${s.lastDecision.reasonText}`);
      const health = (h: boolean | null) => (h === null ? 'no checks' : h ? 'healthy' : 'unhealthy');
      const rows = s.tasks.map((t) => [t.id, t.endpoint, t.state, health(t.healthy), ago(t.startedAt)]);
      for (const line of table(['TASK', 'ENDPOINT', 'STATE', 'HEALTH', 'STARTED'], rows)) io.out(line);
    }
    if (decisionsNote) io.err(decisionsNote);
    return EXIT.ok;
  },
};

function runStatus(argv: readonly string[], io?: Parameters<typeof runCommand>[2]): Promise<number> {
  return runCommand(spec, argv, io);
}

export { runStatus };
