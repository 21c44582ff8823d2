import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { pack } from 'tar-stream';

/** The part of s3rver's (untyped) API the tests use. */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

interface LocalS3 {
  endpoint: string;
  bucket: string;
  /** Stores `body` and returns its plain HTTP URL (what Marathon's fetch gets). */
  put(key: string, body: Buffer): Promise<string>;
  close(): Promise<void>;
}

/** A real s3rver on 127.0.0.1 and a free port, with one bucket, in a temp dir. */
async function startS3(bucket = 'bundles'): Promise<LocalS3> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const directory = await mkdtemp(path.join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    endpoint,
    bucket,
    async put(key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      return `${endpoint}/${bucket}/${key}`;
    },
    async close() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** A .tar.gz of the given files (mode per file, default 0644). */
async function tarGz(files: Record<string, { content: string; mode?: number }>): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  for (const [name, file] of Object.entries(files)) {
    archive.entry({ name, mode: file.mode ?? 0o644 }, file.content);
  }
  archive.finalize();
  await ended;
  return gzipSync(Buffer.concat(chunks));
}

/**
 * A tiny HTTP app (python3, standard library only) that binds `$HOST:$PORT0`, answers its task id,
 * and burns ~20 ms of CPU per request on `/burn`, so statistics have something to show.
 */
const PYTHON_HTTP_APP = `
import http.server, json, os, time

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith('/burn'):
            end = time.process_time() + 0.02
            while time.process_time() < end:
                pass
        body = json.dumps({
            'taskId': os.environ.get('MESOS_TASK_ID'),
            'appId': os.environ.get('MARATHON_APP_ID'),
            'port': os.environ.get('PORT0'),
            'mode': os.environ.get('MODE'),
        }).encode()
        self.send_response(200)
        self.send_header('content-type', 'application/json')
        self.send_header('content-length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer((os.environ['HOST'], int(os.environ['PORT0'])), Handler).serve_forever()
`;

/** The bundle: `server.py` plus an executable `run.sh` that execs it. */
function pythonHttpBundle(): Promise<Buffer> {
  return tarGz({
    'app/server.py': { content: PYTHON_HTTP_APP },
    'app/run.sh': { content: '#!/bin/sh\nexec python3 "$(dirname "$0")/server.py"\n', mode: 0o755 },
  });
}

export type { LocalS3 };
export { PYTHON_HTTP_APP, pythonHttpBundle, startS3, tarGz };
