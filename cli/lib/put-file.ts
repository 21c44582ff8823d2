import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';

/**
 * Uploads a file to S3 with progress, without @aws-sdk/lib-storage: one streamed PutObject up to
 * `multipartThresholdBytes`, above it a multipart upload of `partBytes` parts sent one after another (S3's single
 * PUT stops at 5 GiB, and a failed part costs one part, not the whole file). A failed multipart upload is aborted,
 * so no invisible parts are left to pay for.
 */
interface PutFileOptions {
  s3: S3Client;
  bucket: string;
  key: string;
  path: string;
  onProgress?: (sentBytes: number, totalBytes: number) => void;
  /** **Default:** 64 MiB */
  multipartThresholdBytes?: number;
  /** **Default:** 16 MiB (S3's minimum is 5 MiB except for the last part) */
  partBytes?: number;
  signal?: AbortSignal;
}

interface PutFileResult {
  bytes: number;
  etag: string | undefined;
  parts: number;
}

const MiB = 1024 * 1024;

function counting(onChunk: (length: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      onChunk(chunk.length);
      callback(null, chunk);
    },
  });
}

async function putFile(options: PutFileOptions): Promise<PutFileResult> {
  const { s3, bucket, key, path } = options;
  const total = (await stat(path)).size;
  const threshold = options.multipartThresholdBytes ?? 64 * MiB;
  let sent = 0;
  const progress = (length: number) => {
    sent += length;
    options.onProgress?.(sent, total);
  };
  const abortSignal = options.signal;

  if (total <= threshold) {
    const body = createReadStream(path).pipe(counting(progress));
    const answer = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentLength: total,
        ContentType: 'application/gzip',
      }),
      { abortSignal },
    );
    return { bytes: total, etag: answer.ETag, parts: 1 };
  }

  const partBytes = Math.max(5 * MiB, options.partBytes ?? 16 * MiB);
  const created = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: 'application/gzip' }),
    { abortSignal },
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error(`S3 gave no UploadId for s3://${bucket}/${key}`);
  const file = await open(path, 'r');
  try {
    const parts: Array<{ ETag: string | undefined; PartNumber: number }> = [];
    for (let offset = 0, number = 1; offset < total; offset += partBytes, number++) {
      const buffer = Buffer.alloc(Math.min(partBytes, total - offset));
      await file.read(buffer, 0, buffer.length, offset);
      const answer = await s3.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: number, Body: buffer }),
        { abortSignal },
      );
      parts.push({ ETag: answer.ETag, PartNumber: number });
      progress(buffer.length);
    }
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
      { abortSignal },
    );
    return { bytes: total, etag: done.ETag, parts: parts.length };
  } catch (error) {
    await s3
      .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
      .catch(() => undefined);
    throw error;
  } finally {
    await file.close();
  }
}

export type { PutFileOptions, PutFileResult };
export { putFile };
