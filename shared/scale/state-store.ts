import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import type { EngineState } from '../scaling/types.ts';

/**
 * Per-app scale state in S3, outside the app definition (changing Marathon labels would restart the app).
 * The FIFO group per app makes the scale function its only writer. Key: `state/scale/<encodeURIComponent(appId)>.json`.
 */
const STATE_PREFIX = 'state/scale/';

const EngineStateSchema = z.object({
  version: z.literal(1),
  lastScalingAt: z.number().nullable(),
  policyState: z.discriminatedUnion('policy', [
    z.object({ policy: z.enum(['seed', 'seed-original']) }),
    z.object({ policy: z.literal('threshold'), upPeriods: z.number(), downPeriods: z.number() }),
    z.object({
      policy: z.literal('target'),
      recommendations: z.array(z.object({ at: z.number(), desired: z.number() })),
      events: z.array(z.object({ at: z.number(), change: z.number() })),
    }),
  ]),
}) satisfies z.ZodType<EngineState>;

/**
 * @example {"version": 1, "appId": "/rest_app", "lastCycleId": "2026-11-25T20:00:00.000Z",
 *   "lastCollectedAt": "2026-11-25T20:00:01.250Z", "updatedAt": "2026-11-25T20:00:02.000Z",
 *   "engine": {"version": 1, "lastScalingAt": null, "policyState": {"policy": "seed"}}, "lastDeploymentId": null}
 */
const ScaleStateSchema = z.object({
  version: z.literal(1),
  appId: z.string(),
  /** The last message processed: a redelivery of it is recognised and skipped. `null` after a rollback. */
  lastCycleId: z.string().nullable(),
  lastCollectedAt: z.string().nullable(),
  updatedAt: z.string(),
  engine: EngineStateSchema,
  /** Set once Marathon accepted the last scaling. */
  lastDeploymentId: z.string().nullable(),
});

type ScaleState = z.infer<typeof ScaleStateSchema>;

type LoadResult = { state: ScaleState | undefined; problems?: string[] };

function stateKey(appId: string): string {
  return `${STATE_PREFIX}${encodeURIComponent(appId)}.json`;
}

class S3ScaleStateStore {
  readonly #s3: Pick<S3Client, 'send'>;
  readonly #bucket: string;

  constructor(options: { s3: Pick<S3Client, 'send'>; bucket: string }) {
    this.#s3 = options.s3;
    this.#bucket = options.bucket;
  }

  /** The app's state; `state: undefined` for a new app, with `problems` when the stored object was unreadable. */
  async load(appId: string, signal?: AbortSignal): Promise<LoadResult> {
    let text: string;
    try {
      const answer = await this.#s3.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: stateKey(appId) }),
        signal ? { abortSignal: signal } : {},
      );
      text = (await answer.Body?.transformToString()) ?? '';
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return { state: undefined };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { state: undefined, problems: ['not JSON'] };
    }
    const parsed = ScaleStateSchema.safeParse(json);
    if (!parsed.success || parsed.data.appId !== appId) {
      const problems = parsed.success
        ? [`belongs to ${parsed.data.appId}`]
        : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      return { state: undefined, problems };
    }
    return { state: parsed.data };
  }

  async save(state: ScaleState, signal?: AbortSignal): Promise<void> {
    await this.#s3.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: stateKey(state.appId),
        Body: JSON.stringify(state),
        ContentType: 'application/json',
      }),
      signal ? { abortSignal: signal } : {},
    );
  }
}

export type { LoadResult, ScaleState };
export { EngineStateSchema, S3ScaleStateStore, ScaleStateSchema, STATE_PREFIX, stateKey };
