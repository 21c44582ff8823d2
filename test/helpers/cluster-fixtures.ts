import { gzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { pack } from 'tar-stream';
import { startS3 as startTestS3 } from './s3rver.ts';

interface LocalS3 {
  endpoint: string;
  bucket: string;
  /** Stores `body` and returns its plain HTTP URL (what Marathon's fetch gets). */
  put(key: string, body: Buffer): Promise<string>;
  close(): Promise<void>;
}

/** A real s3rver on 127.0.0.1 and a free port, with one bucket, in a temp dir; `put` returns the object's URL. */
async function startS3(bucket = 'bundles'): Promise<LocalS3> {
  const s3 = await startTestS3(bucket);
  return {
    endpoint: s3.endpoint,
    bucket,
    async put(key, body) {
      await s3.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      return `${s3.endpoint}/${bucket}/${key}`;
    },
    close: s3.close,
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
