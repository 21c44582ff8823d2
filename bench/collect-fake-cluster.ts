/**
 * Child process of collect.bench.ts: the simulated cluster, kept out of the measured process so its peak RSS is
 * the collector's own. 1000 agents on distinct loopback addresses (127.0.x.y), each answering its statistics after
 * 20 ms with 10 executors; a Marathon listing of their tasks; a master listing the agents; s3rver and fauxqs.
 * Sends `{ ready: {...urls} }` over IPC, then `{ requests }` every second; exits when the parent disconnects.
 */
import { startFakeMarathon, startFakeMaster } from '#test/helpers/fake-cluster-api.ts';
import { type FakeAgent, startFakeAgent } from '#test/helpers/fake-mesos-agent.ts';
import { startLocalBucket, startLocalFifoQueue } from '#test/helpers/local-queue-and-bucket.ts';

const AGENTS = Number(process.argv[2] ?? 1000);
const TASKS_PER_AGENT = Number(process.argv[3] ?? 10);
const LATENCY_MS = Number(process.argv[4] ?? 20);
const APPS = 100;

/** 127.0.1.1, 127.0.1.2, … (skipping .0 and .255 in the last octet). */
function address(index: number): string {
  return `127.0.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`;
}

const agents: FakeAgent[] = [];
for (let i = 0; i < AGENTS; i += 50) {
  const started = await Promise.all(
    Array.from({ length: Math.min(50, AGENTS - i) }, (_, j) =>
      startFakeAgent({
        host: address(i + j),
        behaviour: { kind: 'ok', delayMs: LATENCY_MS },
        executors: Array.from({ length: TASKS_PER_AGENT }, (_, t) => ({
          id: `app-${(t * AGENTS + i + j) % APPS}.task-${i + j}-${t}`,
          cpuRate: 0.1 + ((i + j + t) % 8) / 10,
          cpusLimit: 1,
          memRssBytes: 50 * 1024 * 1024,
          memLimitBytes: 256 * 1024 * 1024,
        })),
      }),
    ),
  );
  agents.push(...started);
}

const apps = Array.from({ length: APPS }, (_, a) => ({
  id: `/app-${a}`,
  instances: (AGENTS * TASKS_PER_AGENT) / APPS,
  labels: { 'autopilot.enabled': 'true' },
  tasks: agents.flatMap((agent, index) =>
    agent.executors
      .filter((executor) => executor.id.startsWith(`app-${a}.`))
      .map((executor) => ({ id: executor.id, appId: `/app-${a}`, host: agent.host, slaveId: `S${index}` })),
  ),
}));
const marathon = await startFakeMarathon(apps);
const master = await startFakeMaster(
  agents.map((agent, index) => ({ id: `S${index}`, hostname: agent.host, port: agent.port })),
);
const bucket = await startLocalBucket('bench-bundles');
const queue = await startLocalFifoQueue('bench-usage.fifo');

process.send?.({
  ready: {
    marathonUrl: marathon.url,
    masterUrl: master.url,
    s3Endpoint: bucket.endpoint,
    bucket: bucket.bucket,
    sqsEndpoint: queue.endpoint,
    queueUrl: queue.queueUrl,
    tasks: apps.reduce((sum, app) => sum + app.tasks.length, 0),
  },
});
const ticker = setInterval(() => {
  process.send?.({ requests: agents.reduce((sum, agent) => sum + agent.requests, 0) });
}, 1_000);

process.on('disconnect', async () => {
  clearInterval(ticker);
  await Promise.all([...agents.map((agent) => agent.close()), marathon.close(), master.close()]);
  await Promise.all([bucket.close(), queue.close()]);
  process.exit(0);
});
