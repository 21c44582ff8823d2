import { createHash, randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './http-server.ts';

/**
 * A loopback stand-in for SQS SendMessageBatch (AWS JSON 1.0 protocol) that fails chosen entries, for the one
 * thing fauxqs cannot do: a partial batch failure with a retryable (non-sender) fault.
 */

interface BatchEntry {
  Id: string;
  MessageBody: string;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
}

interface EntryFailure {
  Code: string;
  Message: string;
  SenderFault: boolean;
}

/** Decides per request and entry: a failure to report, or `undefined` to accept the entry. */
type FailurePlan = (entry: BatchEntry, requestNo: number) => EntryFailure | undefined;

interface FakeSqs extends TestServer {
  /** Every request's entries, in order. */
  requests: BatchEntry[][];
  /** Entries accepted, in order. */
  accepted: BatchEntry[];
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

async function startFakeSqs(plan: FailurePlan): Promise<FakeSqs> {
  const requests: BatchEntry[][] = [];
  const accepted: BatchEntry[] = [];
  const server = await startTestServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      if (req.headers['x-amz-target'] !== 'AmazonSQS.SendMessageBatch') {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'com.amazonaws.sqs#UnsupportedOperation', message: 'fake' }));
        return;
      }
      const entries = (JSON.parse(raw) as { Entries: BatchEntry[] }).Entries;
      requests.push(entries);
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of entries) {
        const failure = plan(entry, requests.length);
        if (failure) Failed.push({ Id: entry.Id, ...failure });
        else {
          accepted.push(entry);
          Successful.push({ Id: entry.Id, MessageId: randomUUID(), MD5OfMessageBody: md5(entry.MessageBody) });
        }
      }
      res.end(JSON.stringify({ Successful, Failed }));
    });
  });
  return Object.assign(server, { requests, accepted });
}

export type { BatchEntry, EntryFailure, FailurePlan, FakeSqs };
export { startFakeSqs };
