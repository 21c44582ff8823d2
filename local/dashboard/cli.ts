/**
 * `npm run dashboard`: the dashboard over a stack that is already running. By default it reads `.local/stack.json`,
 * which `npm start` writes; or name everything with flags. Agent stop/start needs the stand-in in the same process,
 * so it is off here (`npm start` passes it in).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type StackFile, StackFileSchema } from './adapters.ts';
import { type DashboardOptions, startDashboard } from './server.ts';

const USAGE = `usage: node local/dashboard/cli.ts [--stack .local/stack.json]
       node local/dashboard/cli.ts --marathon-url URL --mesos-url URL --s3-endpoint URL --bucket NAME --logs-dir DIR
options: [--port 0] [--host 127.0.0.1] [--marathon-credentials user:pass] [--refresh-ms 2000]

examples:
  npm start                      # in one terminal; then in another:
  npm run dashboard              # reads .local/stack.json, prints "dashboard http://127.0.0.1:<port>/"
  npm run dashboard -- --marathon-url http://127.0.0.1:8080 --mesos-url http://127.0.0.1:5050 \\
    --s3-endpoint http://127.0.0.1:4569 --bucket bundles --logs-dir .local/logs`;

const { values } = parseArgs({
  options: {
    stack: { type: 'string', default: '.local/stack.json' },
    'marathon-url': { type: 'string' },
    'mesos-url': { type: 'string' },
    's3-endpoint': { type: 'string' },
    bucket: { type: 'string' },
    'logs-dir': { type: 'string' },
    'marathon-credentials': { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    'refresh-ms': { type: 'string', default: '2000' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

async function readStack(file: string): Promise<StackFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = StackFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    console.error(`${file} is not a stack file npm start wrote: ${parsed.error.message}`);
    process.exit(2);
  }
  return parsed.data;
}

const stack = await readStack(values.stack);
const marathonUrl = values['marathon-url'] ?? stack?.marathonUrl;
const mesosMasterUrl = values['mesos-url'] ?? stack?.mesosMasterUrl;
const s3Endpoint = values['s3-endpoint'] ?? stack?.s3Endpoint;
const bucket = values.bucket ?? stack?.bucket;
const logsDir = values['logs-dir'] ?? stack?.logDir;
if (!marathonUrl || !mesosMasterUrl || !s3Endpoint || !bucket || !logsDir) {
  console.error(`no stack found at ${values.stack} (is npm start running?) and not every URL was given\n\n${USAGE}`);
  process.exit(2);
}

const options: DashboardOptions = {
  marathonUrl,
  mesosMasterUrl,
  marathonCredentials: values['marathon-credentials'],
  s3: {
    endpoint: s3Endpoint,
    bucket,
    forcePathStyle: true,
    ...(stack?.region ? { region: stack.region } : {}),
    ...(stack?.credentials ? { credentials: stack.credentials } : {}),
  },
  logsDir,
  host: values.host,
  port: Number(values.port),
  refreshMs: Number(values['refresh-ms']),
};
const dashboard = await startDashboard(options);
console.log(`dashboard ${dashboard.url}`);

const shutdown = () => {
  void dashboard.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
