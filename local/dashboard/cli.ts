/**
 * `npm run dashboard -- --marathon-url URL --mesos-url URL --s3-endpoint URL --bucket NAME --logs-dir DIR`:
 * the dashboard over a stack that is already running (e.g. `npm run cluster` plus the local AWS stack). Agent
 * stop/start needs the stand-in in the same process, so it is off here (`npm start` passes it in).
 */
import { parseArgs } from 'node:util';
import { startDashboard } from './server.ts';

const USAGE = `usage: node local/dashboard/cli.ts --marathon-url URL --mesos-url URL --s3-endpoint URL
                                   [--bucket NAME] [--logs-dir DIR] [--port 0] [--host 127.0.0.1]
                                   [--marathon-credentials user:pass] [--refresh-ms 2000]

example: node local/dashboard/cli.ts --marathon-url http://127.0.0.1:8080 --mesos-url http://127.0.0.1:5050 \\
           --s3-endpoint http://127.0.0.1:4569 --bucket marathon-autopilot-local-bundles --logs-dir .local/logs`;

const { values } = parseArgs({
  options: {
    'marathon-url': { type: 'string' },
    'mesos-url': { type: 'string' },
    's3-endpoint': { type: 'string' },
    bucket: { type: 'string', default: 'bundles' },
    'logs-dir': { type: 'string', default: '.local/logs' },
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
const marathonUrl = values['marathon-url'];
const mesosMasterUrl = values['mesos-url'];
const s3Endpoint = values['s3-endpoint'];
if (!marathonUrl || !mesosMasterUrl || !s3Endpoint) {
  console.error(`--marathon-url, --mesos-url and --s3-endpoint are required\n\n${USAGE}`);
  process.exit(2);
}

const dashboard = await startDashboard({
  marathonUrl,
  mesosMasterUrl,
  marathonCredentials: values['marathon-credentials'],
  s3: { endpoint: s3Endpoint, bucket: values.bucket, forcePathStyle: true },
  logsDir: values['logs-dir'],
  host: values.host,
  port: Number(values.port),
  refreshMs: Number(values['refresh-ms']),
});
console.log(`dashboard ${dashboard.url}`);

const shutdown = () => {
  void dashboard.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
