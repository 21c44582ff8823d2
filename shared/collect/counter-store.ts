import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type CounterState, CounterStateSchema, emptyCounterState } from './counters.ts';
import { CounterStoreError } from './errors.ts';

/** Where the counters live in the bundle bucket. */
const COUNTERS_KEY = 'state/collect/counters.json';

interface CounterStore {
  /** The previous cycle's counters; an empty state when there are none yet. */
  load(): Promise<CounterState>;
  save(state: CounterState): Promise<void>;
}

interface S3CounterStoreOptions {
  s3: Pick<S3Client, 'send'>;
  bucket: string;
  /** **Default:** {@link COUNTERS_KEY} */
  key?: string;
}

const isNotFound = (error: unknown): boolean => {
  const name = (error as { name?: string }).name;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
};

/** One JSON object in S3, read at the start of a cycle and replaced at its end. */
class S3CounterStore implements CounterStore {
  readonly #s3: Pick<S3Client, 'send'>;
  readonly #bucket: string;
  readonly #key: string;

  constructor(options: S3CounterStoreOptions) {
    this.#s3 = options.s3;
    this.#bucket = options.bucket;
    this.#key = options.key ?? COUNTERS_KEY;
  }

  /** Throws {@link CounterStoreError} when S3 fails or the object is not a valid counter state. */
  async load(): Promise<CounterState> {
    let text: string;
    try {
      const output = await this.#s3.send(new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key }));
      text = (await output.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      if (isNotFound(error)) return emptyCounterState();
      throw new CounterStoreError(`cannot read s3://${this.#bucket}/${this.#key}`, { cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new CounterStoreError(`s3://${this.#bucket}/${this.#key} is not JSON`, { cause: error });
    }
    const result = CounterStateSchema.safeParse(json);
    if (!result.success) {
      const problems = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      throw new CounterStoreError(`s3://${this.#bucket}/${this.#key} is not a counter state: ${problems.join('; ')}`);
    }
    return result.data;
  }

  async save(state: CounterState): Promise<void> {
    try {
      await this.#s3.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: this.#key,
          Body: JSON.stringify(state),
          ContentType: 'application/json',
        }),
      );
    } catch (error) {
      throw new CounterStoreError(`cannot write s3://${this.#bucket}/${this.#key}`, { cause: error });
    }
  }
}

export type { CounterStore, S3CounterStoreOptions };
export { COUNTERS_KEY, S3CounterStore };
