import type { DeployContext } from '#shared/deploy/index.ts';
import { MarathonClient } from '#shared/marathon/index.ts';
import { type FakeMarathon, startFakeMarathon } from './fake-marathon.ts';
import { startS3, type TestS3 } from './s3rver.ts';

/** s3rver and the fake Marathon on loopback, with the deploy context the deploy integration tests run against. */

interface DeployFakeStack {
  s3: TestS3;
  marathon: FakeMarathon;
  /** Small bundle limits and fast retries, so rejections and retries show quickly. */
  ctx: DeployContext;
  close(): Promise<void>;
}

async function startDeployFakeStack(): Promise<DeployFakeStack> {
  const s3 = await startS3();
  const marathon = await startFakeMarathon();
  const ctx: DeployContext = {
    s3: s3.s3,
    bucket: s3.bucket,
    region: 'us-east-1',
    artifactBaseUrl: `${s3.endpoint}/${s3.bucket}`,
    marathon: new MarathonClient({
      baseUrl: marathon.url,
      timeouts: { connectTimeoutMs: 1000, headersTimeoutMs: 2000, bodyTimeoutMs: 2000 },
    }),
    limits: { maxEntries: 100, maxUncompressedBytes: 32 * 1024 * 1024, maxRatio: 100, manifestMaxBytes: 4096 },
    putRetries: 3,
    retryBaseDelayMs: 5,
  };
  return {
    s3,
    marathon,
    ctx,
    close: async () => {
      await marathon.close();
      await s3.close();
    },
  };
}

export type { DeployFakeStack };
export { startDeployFakeStack };
