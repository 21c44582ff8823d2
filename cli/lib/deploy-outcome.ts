import { setTimeout as sleep } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  CurrentPointerSchema,
  currentKey,
  type DeployRecord,
  DeployRecordSchema,
  type RejectionRecord,
  RejectionRecordSchema,
  rejectionKey,
} from '#shared/deploy/index.ts';
import { getJson } from '#shared/deploy/store.ts';

/**
 * The deploy function's answer to one upload, read from what it writes to the bucket: `rejected/<key>.json` for a
 * refused bundle, `deploys/<app>/current.json` pointing at this key for a deployed one. "Unchanged" (the same
 * digest already runs) writes nothing, so it is inferred: after `unchangedAfterMs`, current.json still names the
 * same digest from an earlier upload.
 */
type DeployOutcome =
  | { outcome: 'deployed'; record: DeployRecord; waitedMs: number }
  | { outcome: 'rejected'; rejection: RejectionRecord; waitedMs: number }
  | { outcome: 'unchanged'; digest: string; sourceKey: string; waitedMs: number }
  | { outcome: 'timeout'; waitedMs: number };

interface WaitOptions {
  s3: S3Client;
  bucket: string;
  key: string;
  appId: string;
  digest: string;
  timeoutMs: number;
  /** Records written before this (ms since epoch) belong to an earlier upload of the same key. */
  notBefore: number;
  /** **Default:** 5000 */
  unchangedAfterMs?: number;
  /** **Default:** 250 */
  intervalMs?: number;
  signal?: AbortSignal;
}

async function waitForDeployOutcome(options: WaitOptions): Promise<DeployOutcome> {
  const store = { s3: options.s3, bucket: options.bucket, signal: options.signal };
  const started = Date.now();
  const waited = () => Date.now() - started;
  for (;;) {
    const rejection = await getJson(store, rejectionKey(options.key), RejectionRecordSchema);
    const fresh = (at: string) => Date.parse(at) >= options.notBefore - 5_000;
    if (rejection && fresh(rejection.at)) return { outcome: 'rejected', rejection, waitedMs: waited() };
    const current = await getJson(store, currentKey(options.appId), CurrentPointerSchema);
    if (current?.sourceKey === options.key && fresh(current.at)) {
      const record = await getJson(store, current.recordKey, DeployRecordSchema);
      if (record) return { outcome: 'deployed', record, waitedMs: waited() };
    } else if (current?.digest === options.digest && waited() >= (options.unchangedAfterMs ?? 5_000)) {
      return { outcome: 'unchanged', digest: current.digest, sourceKey: current.sourceKey, waitedMs: waited() };
    }
    if (waited() >= options.timeoutMs) return { outcome: 'timeout', waitedMs: waited() };
    await sleep(options.intervalMs ?? 250, undefined, { signal: options.signal });
  }
}

export type { DeployOutcome };
export { waitForDeployOutcome };
