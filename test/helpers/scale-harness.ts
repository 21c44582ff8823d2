import type { IncomingMessage } from 'node:http';
import type { SqsRecord } from '#shared/scale/index.ts';
import type { AppUsageMessage } from '#shared/usage/index.ts';
import { startTestServer, type TestServer } from './http-server.ts';
import { type ReceivedMessage, startLocalFifoQueue } from './local-queue-and-bucket.ts';
import { startS3 } from './s3rver.ts';

/** What the scale tests need: s3rver for state, fauxqs for the DLQ, a scriptable Marathon, records. */

/** s3rver holding the scale function's state objects. */
const startStateBucket = (bucket: string) => startS3(bucket);

/** fauxqs with the FIFO dead-letter queue; drain() yields each message with its attributes. */
async function startDeadLetterQueue(name = 'stats-dlq.fifo') {
  const queue = await startLocalFifoQueue(name);
  return { queueUrl: queue.queueUrl, sqs: queue.sqs, drain: queue.drainMessages, close: queue.close };
}

/** A scripted answer for the next request of a kind; when none is queued the fake behaves like Marathon. */
type Scripted = { status: number; body: string; contentType?: string };

interface ScaleFakeMarathon extends TestServer {
  apps: Map<string, Record<string, unknown>>;
  puts: { id: string; body: unknown }[];
  getScript: Scripted[];
  putScript: Scripted[];
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/** GET and PUT /v2/apps/{id} on loopback, with scripted failures (409, 5xx, HTML) for the error paths. */
async function startScaleFakeMarathon(): Promise<ScaleFakeMarathon> {
  const apps = new Map<string, Record<string, unknown>>();
  const puts: { id: string; body: unknown }[] = [];
  const getScript: Scripted[] = [];
  const putScript: Scripted[] = [];
  let deployment = 0;
  const server = await startTestServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const id = url.pathname.replace(/^\/v2\/apps/, '');
      const body = await readJson(req);
      const send = (answer: Scripted) => {
        res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
        res.end(answer.body);
      };
      const json = (status: number, value: unknown) => send({ status, body: JSON.stringify(value) });
      if (req.method === 'GET') {
        const scripted = getScript.shift();
        if (scripted) return send(scripted);
        const app = apps.get(id);
        return app ? json(200, { app }) : json(404, { message: `App '${id}' does not exist` });
      }
      if (req.method === 'PUT') {
        const scripted = putScript.shift();
        if (scripted) return send(scripted);
        puts.push({ id, body });
        const app = apps.get(id) ?? {};
        apps.set(id, { ...app, ...(body as object) });
        deployment += 1;
        return json(200, { deploymentId: `deployment-${deployment}`, version: new Date().toISOString() });
      }
      return json(405, { message: 'not here' });
    })();
  });
  return { ...server, apps, puts, getScript, putScript };
}

function marathonApp(
  id: string,
  instances: number,
  labels: Record<string, string>,
  extra: Record<string, unknown> = {},
) {
  return { id, cpus: 0.5, mem: 128, instances, labels: { 'autopilot.enabled': 'true', ...labels }, ...extra };
}

/** A usage message for `appId` with `instances` tasks all at `cpu`. */
function usageMessage(
  appId: string,
  cycleId: string,
  collectedAt: string,
  instances: number,
  cpu: number,
): AppUsageMessage {
  const tasks = Array.from({ length: instances }, (_, i) => ({
    id: `${appId.slice(1)}.task-${i}`,
    agentId: 'S0',
    cpu,
    mem: 0.3,
    intervalS: 60,
  }));
  return {
    version: 1,
    cycleId,
    appId,
    collectedAt,
    instances,
    tasksRunning: instances,
    tasksMissing: 0,
    agentsFailed: [],
    tasks,
  };
}

let sequence = 0;

function sqsRecord(body: unknown, groupId?: string): SqsRecord {
  sequence += 1;
  return {
    messageId: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    receiptHandle: `handle-${sequence}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      ApproximateFirstReceiveTimestamp: '1764100000000',
      SenderId: 'AIDAEXAMPLE',
      SentTimestamp: '1764100000000',
      ...(groupId ? { MessageGroupId: groupId, MessageDeduplicationId: `dedup-${sequence}` } : {}),
    },
    messageAttributes: {},
    md5OfBody: '0'.repeat(32),
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:stats.fifo',
    awsRegion: 'us-east-1',
  };
}

export type { ReceivedMessage, ScaleFakeMarathon, Scripted };
export { marathonApp, sqsRecord, startDeadLetterQueue, startScaleFakeMarathon, startStateBucket, usageMessage };
