import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { z } from 'zod';
import {
  appIdPath,
  CurrentPointerSchema,
  currentKey,
  type DeployRecord,
  DeployRecordSchema,
  deploysPrefix,
  REJECTED_PREFIX,
  type RejectionRecord,
  RejectionRecordSchema,
} from './adapters.ts';
import { DashboardApiError } from './errors.ts';

interface HistoryEntry {
  /** 'deploy' | 'rollback' (what the deploy function recorded) or 'rejected'. */
  kind: string;
  at: string;
  digest: string | null;
  outcome: string;
  sourceKey: string | null;
  /** The rejection's code and text; `null` for deploys. */
  code: string | null;
  error: string | null;
  /** This deploy is the app's current one. */
  current: boolean;
  key: string;
}

interface AppHistory {
  appId: string;
  currentDigest: string | null;
  /** Newest first: deploys, rollbacks and the rejected uploads naming this app (or naming no app at all). */
  entries: HistoryEntry[];
}

const MAX_KEYS = 500;

async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token && keys.length < MAX_KEYS);
  return keys;
}

/** Reads and validates one JSON object; `undefined` when it is gone or not the expected shape. */
async function getJson<T>(s3: S3Client, bucket: string, key: string, schema: z.ZodType<T>): Promise<T | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = (await object.Body?.transformToString('utf8')) ?? '';
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey' || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function fromDeploy(record: DeployRecord, key: string, currentDigest: string | null): HistoryEntry {
  return {
    kind: record.kind,
    at: record.at,
    digest: record.digest,
    outcome: record.outcome ?? 'deployed',
    sourceKey: record.sourceKey ?? null,
    code: null,
    error: null,
    current: record.digest === currentDigest,
    key,
  };
}

function fromRejection(record: RejectionRecord, key: string): HistoryEntry {
  return {
    kind: 'rejected',
    at: record.at,
    digest: record.digest ?? null,
    outcome: 'rejected',
    sourceKey: record.key ?? null,
    code: record.code,
    error: record.message,
    current: false,
    key,
  };
}

/** An app's bundle history from the deploy function's records in the bucket; 502 `S3_UNAVAILABLE` when unreadable. */
async function readHistory(s3: S3Client, bucket: string, appId: string): Promise<AppHistory> {
  try {
    return await readHistoryFrom(s3, bucket, appId);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DashboardApiError(502, 'S3_UNAVAILABLE', `cannot read deploy records from bucket ${bucket}: ${reason}`, {
      cause: error,
    });
  }
}

async function readHistoryFrom(s3: S3Client, bucket: string, appId: string): Promise<AppHistory> {
  const id = appIdPath(appId);
  const pointer = await getJson(s3, bucket, currentKey(id), CurrentPointerSchema);
  const currentDigest = pointer?.digest ?? null;
  const [deployKeys, rejectionKeys] = await Promise.all([
    listKeys(s3, bucket, deploysPrefix(id)),
    listKeys(s3, bucket, REJECTED_PREFIX),
  ]);
  const deploys = await Promise.all(
    deployKeys
      .filter((key) => key !== currentKey(id) && key.endsWith('.json'))
      .map(async (key) => {
        const record = await getJson(s3, bucket, key, DeployRecordSchema);
        return record ? fromDeploy(record, key, currentDigest) : undefined;
      }),
  );
  const rejections = await Promise.all(
    rejectionKeys.map(async (key) => {
      const record = await getJson(s3, bucket, key, RejectionRecordSchema);
      // A bundle whose manifest is unreadable names no app: show it to every app rather than hide it.
      if (!record || (record.appId !== undefined && appIdPath(record.appId) !== id)) return undefined;
      return fromRejection(record, key);
    }),
  );
  const entries = [...deploys, ...rejections]
    .filter((entry): entry is HistoryEntry => entry !== undefined)
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  // Only the newest record of the current digest is "current" (a digest may have been deployed twice).
  let seenCurrent = false;
  for (const entry of entries) {
    if (entry.current && seenCurrent) entry.current = false;
    if (entry.current) seenCurrent = true;
  }
  return { appId: `/${id}`, currentDigest, entries };
}

export type { AppHistory, HistoryEntry };
export { readHistory };
