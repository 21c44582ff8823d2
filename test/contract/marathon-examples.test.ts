import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LocalCluster, startCluster } from '#local/cluster/index.ts';
import {
  DeploymentListSchema,
  DeploymentResultSchema,
  MarathonAppListSchema,
  MarathonAppResponseSchema,
  MarathonAppSchema,
  MarathonAppUpdateSchema,
  MarathonErrorBodySchema,
  MarathonTaskListSchema,
  MarathonTaskSchema,
} from '#shared/marathon/index.ts';
import { AgentStatisticsSchema, MesosAgentListSchema } from '#shared/mesos/index.ts';
import { waitFor } from '#test/helpers/wait-for.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The team's reference folder sits beside the clone (CI, main checkout) or one level further up (worktrees). */
const referenceDir =
  [path.resolve(repoRoot, '../shared/reference'), path.resolve(repoRoot, '../../shared/reference')].find((dir) =>
    existsSync(path.join(dir, 'marathon-api')),
  ) ?? path.resolve(repoRoot, '../shared/reference');
const examplesDir = path.join(referenceDir, 'marathon-api/v2/examples');

function example(name: string): unknown {
  return JSON.parse(readFileSync(path.join(examplesDir, name), 'utf8'));
}

/** The product reads neither /v2/info nor /v2/queue; these pin the fields the stand-in must keep. */
const InfoSchema = z.looseObject({
  name: z.string(),
  version: z.string(),
  elected: z.boolean(),
  leader: z.string().nullable(),
  frameworkId: z.string(),
  marathon_config: z.looseObject({ master: z.string() }),
});
const QueueSchema = z.looseObject({
  queue: z.array(
    z.looseObject({
      app: MarathonAppSchema,
      count: z.number().int(),
      delay: z.looseObject({ timeLeftSeconds: z.number(), overdue: z.boolean() }),
      since: z.string(),
    }),
  ),
});

/** Each example under ../shared/reference/marathon-api/v2/examples that covers an endpoint we serve. */
const EXAMPLES: [file: string, schema: z.ZodType][] = [
  ['app.json', MarathonAppSchema],
  ['app_list.json', MarathonAppListSchema],
  ['apps_create.json', z.array(MarathonAppUpdateSchema)],
  ['app-check-http-example.json', MarathonAppUpdateSchema],
  ['app_patch.json', MarathonAppUpdateSchema],
  ['app_tasks.json', MarathonTaskListSchema],
  ['app_task.json', z.looseObject({ task: MarathonTaskSchema })],
  ['tasks.json', MarathonTaskListSchema],
  ['deployments.json', DeploymentListSchema],
  ['deployments_result.json', DeploymentResultSchema],
  ['info.json', InfoSchema],
  ['queue.json', QueueSchema],
];

describe('Marathon API examples', () => {
  it('are where the tests expect them', () => {
    expect(existsSync(examplesDir), `missing ${examplesDir}`).toBe(true);
  });

  it.each(EXAMPLES)('%s parses with the product schema', (file, schema) => {
    const result = schema.safeParse(example(file));
    expect(result.success, result.error?.message).toBe(true);
  });
});

describe('the stand-in answers in the same shapes', () => {
  let cluster: LocalCluster;
  const get = async (url: string) => (await fetch(url)).json();

  beforeAll(async () => {
    cluster = await startCluster({ agents: 1, agentResources: { cpus: 1 }, killGracePeriodMs: 200 });
    const put = await fetch(`${cluster.marathonUrl}/v2/apps/contract/sleeper`, {
      method: 'PUT',
      body: JSON.stringify({
        cmd: 'sleep 60',
        cpus: 0.1,
        mem: 16,
        instances: 1,
        labels: { team: 'contract' },
        healthChecks: [{ protocol: 'TCP', intervalSeconds: 1 }],
      }),
    });
    expect(DeploymentResultSchema.safeParse(await put.json()).success).toBe(true);
    // Unplaceable (more cpus than the agent has): keeps a deployment and a queue entry open.
    await fetch(`${cluster.marathonUrl}/v2/apps/contract/waiting`, {
      method: 'PUT',
      body: JSON.stringify({ cmd: 'sleep 60', cpus: 8, mem: 16, instances: 1 }),
    });
    await waitFor(async () => {
      const { app } = (await get(`${cluster.marathonUrl}/v2/apps/contract/sleeper`)) as {
        app: { tasksRunning: number };
      };
      return app.tasksRunning === 1;
    });
  });
  afterAll(async () => {
    await cluster.stop();
  });

  it('GET /v2/apps?embed=apps.tasks has every field of the app_list example', async () => {
    const body = await get(`${cluster.marathonUrl}/v2/apps?embed=apps.tasks`);
    const parsed = MarathonAppListSchema.parse(body);
    const sleeper = parsed.apps.find((app) => app.id === '/contract/sleeper');
    expect(sleeper?.tasks).toHaveLength(1);
    const reference = (example('app_list.json') as { apps: Record<string, unknown>[] }).apps[0] ?? {};
    // `ports` is the deprecated pre-1.0 spelling of portDefinitions.
    const expected = Object.keys(reference).filter((key) => key !== 'ports');
    expect(Object.keys(sleeper ?? {})).toEqual(expect.arrayContaining(expected));
  });

  it('GET /v2/apps/{id}, /v2/apps/{id}/tasks and /v2/tasks parse, with the example task fields', async () => {
    MarathonAppResponseSchema.parse(await get(`${cluster.marathonUrl}/v2/apps/contract/sleeper`));
    const { tasks } = MarathonTaskListSchema.parse(await get(`${cluster.marathonUrl}/v2/apps/contract/sleeper/tasks`));
    MarathonTaskListSchema.parse(await get(`${cluster.marathonUrl}/v2/tasks`));
    const reference = (example('tasks.json') as { tasks: Record<string, unknown>[] }).tasks[0] ?? {};
    // region/zone come from agent fault-domain attributes, which local agents do not have.
    const expected = Object.keys(reference).filter((key) => key !== 'region' && key !== 'zone');
    expect(Object.keys(tasks[0] ?? {})).toEqual(expect.arrayContaining(expected));
  });

  it('GET /v2/deployments, /v2/queue and /v2/info parse', async () => {
    const deployments = DeploymentListSchema.parse(await get(`${cluster.marathonUrl}/v2/deployments`));
    expect(deployments.map((d) => d.affectedApps)).toContainEqual(['/contract/waiting']);
    const queue = QueueSchema.parse(await get(`${cluster.marathonUrl}/v2/queue`));
    expect(queue.queue.map((entry) => entry.app.id)).toEqual(['/contract/waiting']);
    InfoSchema.parse(await get(`${cluster.marathonUrl}/v2/info`));
  });

  it('409, 422 and 404 bodies parse as Marathon error bodies', async () => {
    const locked = await fetch(`${cluster.marathonUrl}/v2/apps/contract/waiting`, {
      method: 'PUT',
      body: '{"instances":2}',
    });
    const invalid = await fetch(`${cluster.marathonUrl}/v2/apps/contract/bad`, { method: 'PUT', body: '{"cpus":-1}' });
    const missing = await fetch(`${cluster.marathonUrl}/v2/apps/contract/none`);
    expect([locked.status, invalid.status, missing.status]).toEqual([409, 422, 404]);
    for (const response of [locked, invalid, missing]) MarathonErrorBodySchema.parse(await response.json());
  });

  it('the master and agent answers parse with the product Mesos schemas', async () => {
    const { slaves } = MesosAgentListSchema.parse(await get(`${cluster.mesosMasterUrl}/master/slaves`));
    expect(slaves).toHaveLength(1);
    const stats = AgentStatisticsSchema.parse(await get(`${cluster.agents[0]?.url}/monitor/statistics.json`));
    expect(stats).toHaveLength(1);
    expect(stats[0]?.statistics).toMatchObject({ cpus_limit: 0.2, mem_limit_bytes: (16 + 32) * 1024 * 1024 });
    AgentStatisticsSchema.parse(await get(`${cluster.agents[0]?.url}/monitor/statistics`));
  });
});
