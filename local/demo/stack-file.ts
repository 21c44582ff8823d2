import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * `<dataDir>/stack.json`: how tools find the stack `npm start` is running (the `autopilot` CLI reads it when no
 * `--stage` is given). Written once everything listens, removed on a clean stop; `pid` tells a stale file (the
 * process was killed) from a live one.
 * @example {"pid": 4242, "startedAt": "2026-11-25T20:00:00.000Z", "region": "us-east-1",
 *   "bucket": "marathon-autopilot-local-us-east-1-bundles", "incomingPrefix": "incoming/",
 *   "s3Endpoint": "http://127.0.0.1:40001", "sqsEndpoint": "http://127.0.0.1:40002",
 *   "marathonUrl": "http://127.0.0.1:40003", "mesosMasterUrl": "http://127.0.0.1:40004",
 *   "credentials": {"accessKeyId": "S3RVER", "secretAccessKey": "S3RVER"}, "logDir": "/repo/.local/logs"}
 */
const StackFileSchema = z.object({
  pid: z.number().int(),
  startedAt: z.string(),
  region: z.string(),
  bucket: z.string(),
  incomingPrefix: z.string(),
  s3Endpoint: z.url(),
  sqsEndpoint: z.url(),
  artifactBaseUrl: z.url().optional(),
  marathonUrl: z.url(),
  mesosMasterUrl: z.url(),
  /** s3rver's static keys (not secrets: they only open the local stand-in). */
  credentials: z.object({ accessKeyId: z.string(), secretAccessKey: z.string() }),
  /** `<fn>.log` per function: `decisions` reads scale.log. */
  logDir: z.string(),
  dashboardUrl: z.url().optional(),
});

type StackFile = z.infer<typeof StackFileSchema>;

const STACK_FILE = 'stack.json';

function stackFilePath(dataDir: string): string {
  return join(dataDir, STACK_FILE);
}

async function writeStackFile(dataDir: string, stack: StackFile): Promise<string> {
  const path = stackFilePath(dataDir);
  await writeFile(path, `${JSON.stringify(StackFileSchema.parse(stack), null, 2)}\n`);
  return path;
}

async function removeStackFile(dataDir: string): Promise<void> {
  await rm(stackFilePath(dataDir), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

type StackFileRead =
  | { state: 'running'; stack: StackFile; path: string }
  | { state: 'missing' | 'stale' | 'invalid'; path: string; reason: string };

/** Reads `<dataDir>/stack.json` and says whether the stack it describes is still running. */
async function readStackFile(dataDir: string): Promise<StackFileRead> {
  const path = stackFilePath(dataDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { state: 'missing', path, reason: `${path} does not exist` };
  }
  let parsed: ReturnType<typeof StackFileSchema.safeParse>;
  try {
    parsed = StackFileSchema.safeParse(JSON.parse(text));
  } catch (error) {
    return { state: 'invalid', path, reason: `${path} is not JSON: ${(error as Error).message}` };
  }
  if (!parsed.success)
    return { state: 'invalid', path, reason: `${path} is not a stack file: ${parsed.error.message}` };
  if (!isAlive(parsed.data.pid)) {
    return { state: 'stale', path, reason: `${path} names process ${parsed.data.pid}, which is no longer running` };
  }
  return { state: 'running', stack: parsed.data, path };
}

export type { StackFile, StackFileRead };
export { isAlive, readStackFile, removeStackFile, STACK_FILE, StackFileSchema, stackFilePath, writeStackFile };
