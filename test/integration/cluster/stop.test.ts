import { afterEach, describe, expect, it } from 'vitest';
import { isTreeAlive, type LocalCluster, startCluster, trackedGroups } from '#local/cluster/index.ts';
import { MarathonClient } from '#shared/marathon/index.ts';
import { waitFor } from '#test/helpers/wait-for.ts';

const timeouts = { connectTimeoutMs: 1_000, headersTimeoutMs: 3_000, bodyTimeoutMs: 3_000 };
/** The leader exits on SIGTERM; its child ignores it, so the task outlives the leader during a graceful kill. */
const STUBBORN = `sh -c 'trap "" TERM; while :; do sleep 0.2; done' & wait`;

let cluster: LocalCluster | undefined;

afterEach(async () => {
  await cluster?.stop();
});

describe('stopping the stand-in', () => {
  it('ends a task still inside its kill grace period before stop() resolves', async () => {
    cluster = await startCluster({ agents: 1, killGracePeriodMs: 30_000 });
    const marathon = new MarathonClient({ baseUrl: cluster.marathonUrl, timeouts });
    await marathon.putApp('/stubborn', { cmd: STUBBORN, cpus: 0.1, mem: 32, instances: 1 });
    const [task] = await waitFor(
      async () => {
        const tasks = await marathon.listTasks('/stubborn');
        return tasks[0]?.state === 'TASK_RUNNING' ? tasks : undefined;
      },
      { timeoutMs: 10_000, what: 'a running task' },
    );
    const pid = cluster.marathon.apps.get('/stubborn')?.tasks.get(task?.id ?? '')?.agentTask.pid as number;

    await marathon.scaleApp('/stubborn', 0);
    // The graceful kill has started: the leader is gone but its child ignores SIGTERM for up to 30 s.
    await waitFor(async () => ((await marathon.listTasks('/stubborn')).length === 0 ? true : undefined), {
      timeoutMs: 10_000,
      what: 'the task reported killed',
    });
    await marathon.close();
    await cluster.stop();
    cluster = undefined;

    expect(trackedGroups()).toEqual([]);
    expect(isTreeAlive(pid)).toBe(false);
  });
});
