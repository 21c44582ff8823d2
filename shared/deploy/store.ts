import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { z } from 'zod';
import { DeployStoreError, UploadChangedError } from './errors.ts';

interface StoreOptions {
  s3: S3Client;
  bucket: string;
  signal?: AbortSignal | undefined;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

/** True for "no such key" answers (404, or 403 when the role may not list the bucket). */
function isMissing(error: unknown): boolean {
  const name = (error as { name?: unknown }).name;
  return name === 'NoSuchKey' || name === 'NotFound' || statusOf(error) === 404;
}

/**
 * Opens one version of an upload as a stream. `etag` pins the version the event announced, so a later
 * overwrite is not validated under this event's sequencer. `undefined` when it is gone (deleted or overwritten).
 */
async function openUpload(store: StoreOptions, key: string, etag?: string) {
  try {
    const response = await store.s3.send(
      new GetObjectCommand({ Bucket: store.bucket, Key: key, ...(etag ? { IfMatch: etag } : {}) }),
      { abortSignal: store.signal },
    );
    return { body: response.Body as Readable, etag: response.ETag ?? etag ?? '', size: response.ContentLength };
  } catch (error) {
    if (isMissing(error) || statusOf(error) === 412) return undefined;
    throw new DeployStoreError(`cannot read s3://${store.bucket}/${key}`, { cause: error });
  }
}

/** Server-side copy of exactly the validated bytes (CopySourceIfMatch) to their content address. */
async function copyObject(store: StoreOptions, from: string, to: string, etag: string): Promise<void> {
  try {
    await store.s3.send(
      new CopyObjectCommand({
        Bucket: store.bucket,
        Key: to,
        CopySource: `${store.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
        ...(etag ? { CopySourceIfMatch: etag } : {}),
        ContentType: 'application/gzip',
        MetadataDirective: 'REPLACE',
      }),
      { abortSignal: store.signal },
    );
  } catch (error) {
    if (statusOf(error) === 412 || isMissing(error)) throw new UploadChangedError(from, { cause: error });
    throw new DeployStoreError(`cannot copy s3://${store.bucket}/${from} to ${to}`, { cause: error });
  }
}

async function exists(store: StoreOptions, key: string): Promise<boolean> {
  try {
    await store.s3.send(new HeadObjectCommand({ Bucket: store.bucket, Key: key }), { abortSignal: store.signal });
    return true;
  } catch (error) {
    if (isMissing(error) || statusOf(error) === 403) return false;
    throw new DeployStoreError(`cannot read s3://${store.bucket}/${key}`, { cause: error });
  }
}

async function putJson(store: StoreOptions, key: string, value: unknown): Promise<void> {
  try {
    await store.s3.send(
      new PutObjectCommand({
        Bucket: store.bucket,
        Key: key,
        Body: `${JSON.stringify(value, null, 2)}\n`,
        ContentType: 'application/json',
      }),
      { abortSignal: store.signal },
    );
  } catch (error) {
    throw new DeployStoreError(`cannot write s3://${store.bucket}/${key}`, { cause: error });
  }
}

/** Reads and validates a JSON record; `undefined` when the key does not exist. */
async function getJson<T>(store: StoreOptions, key: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    const response = await store.s3.send(new GetObjectCommand({ Bucket: store.bucket, Key: key }), {
      abortSignal: store.signal,
    });
    text = (await response.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new DeployStoreError(`cannot read s3://${store.bucket}/${key}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DeployStoreError(`s3://${store.bucket}/${key} is not JSON`, { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new DeployStoreError(`s3://${store.bucket}/${key} is not a record this version understands`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Every key under a prefix, in key order. */
async function listKeys(store: StoreOptions, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await store.s3.send(
      new ListObjectsV2Command({ Bucket: store.bucket, Prefix: prefix, ContinuationToken: token }),
      { abortSignal: store.signal },
    );
    for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

export type { StoreOptions };
export { copyObject, exists, getJson, listKeys, openUpload, putJson };
