import { parseArgs } from 'node:util';
import { startCluster } from './cluster.ts';

const USAGE = `Usage: node local/cluster/cli.ts [options]

Starts a local Marathon + Mesos stand-in on 127.0.0.1 and prints its URLs. Ctrl-C stops everything.

  --agents N                 agents to start (default 3)
  --marathon-port P          Marathon port (default 0 = any free port)
  --mesos-port P             Mesos master port (default 0)
  --cpus C --mem M           each agent's totals (default 4 cpus, 4096 MiB)
  --data-dir DIR             sandboxes here (default: a temp dir, removed on exit)
  --marathon-credentials U:P require HTTP basic auth on Marathon
  --standby-master           also start a master that answers 307 to the leader
  --json                     print the URLs as one JSON line
  --quiet / --verbose        task and deployment events: warnings only / everything (default: info)

While running, type "stop <agent-id>" or "start [<agent-id>]" and Enter to stop/restart agents.`;

const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '3' },
    'marathon-port': { type: 'string', default: '0' },
    'mesos-port': { type: 'string', default: '0' },
    cpus: { type: 'string' },
    mem: { type: 'string' },
    'data-dir': { type: 'string' },
    'marathon-credentials': { type: 'string' },
    'standby-master': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const cluster = await startCluster({
  agents: Number(values.agents),
  marathonPort: Number(values['marathon-port']),
  mesosMasterPort: Number(values['mesos-port']),
  ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  ...(values['marathon-credentials'] ? { marathonCredentials: values['marathon-credentials'] } : {}),
  standbyMaster: values['standby-master'],
  logLevel: values.quiet ? 'warn' : values.verbose ? 'debug' : 'info',
  agentResources: {
    ...(values.cpus ? { cpus: Number(values.cpus) } : {}),
    ...(values.mem ? { mem: Number(values.mem) } : {}),
  },
});

const summary = {
  marathonUrl: cluster.marathonUrl,
  mesosMasterUrl: cluster.mesosMasterUrl,
  standbyMasterUrl: cluster.standbyMasterUrl,
  agents: cluster.agents.map(({ id, url }) => ({ id, url })),
  dataDir: cluster.dataDir,
};
if (values.json) console.log(JSON.stringify(summary));
else {
  console.log(`Marathon     ${summary.marathonUrl}`);
  console.log(`Mesos master ${summary.mesosMasterUrl}`);
  if (summary.standbyMasterUrl) console.log(`Standby      ${summary.standbyMasterUrl} (307 → leader)`);
  for (const agent of summary.agents) console.log(`Agent        ${agent.id} ${agent.url}`);
  console.log(`Sandboxes    ${summary.dataDir}\nCtrl-C stops everything.`);
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await cluster.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  for (const line of chunk.split('\n')) {
    const [verb, id] = line.trim().split(/\s+/);
    if (verb === 'stop' && id) {
      cluster.stopAgent(id).then(
        () => console.log(`stopped ${id}`),
        (error: Error) => console.error(error.message),
      );
    } else if (verb === 'start') {
      cluster.startAgent(id).then(
        (agent) => console.log(`started ${agent.id} ${agent.url}`),
        (error: Error) => console.error(error.message),
      );
    }
  }
});
process.stdin.on('end', () => undefined);
