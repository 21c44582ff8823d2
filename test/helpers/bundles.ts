import { buffer } from 'node:stream/consumers';
import { gzipSync } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';

/** One tar entry as the test describes it; `body` for files, `linkname` for links. */
interface TestEntry {
  name: string;
  body?: string | Buffer;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'fifo' | 'character-device';
  linkname?: string;
  mode?: number;
}

/** A seed-style manifest (the article's rest_app, with a Marathon-valid id). */
function seedManifest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'rest-app',
    cmd: 'python3 api.py',
    cpus: 0.5,
    mem: 128,
    instances: 1,
    env: { GREETING: 'bar' },
    autoscaling: { policy: 'target', minInstances: 1, maxInstances: 10 },
    ...overrides,
  };
}

/** A tiny HTTP app in Python (the stand-in for the article's Falcon app): GET / answers {"foo": "<GREETING>"}. */
const SEED_API_PY = `import json, os
from http.server import BaseHTTPRequestHandler, HTTPServer

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"foo": os.environ.get("GREETING", "bar")}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(body)

HTTPServer(("127.0.0.1", int(os.environ["PORT0"])), Handler).serve_forever()
`;

/** Packs entries into an uncompressed tar. */
async function tarOf(entries: readonly TestEntry[]): Promise<Buffer> {
  const pack = tarPack();
  const done = buffer(pack);
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const body = entry.body === undefined ? undefined : Buffer.from(entry.body);
    await new Promise<void>((resolve, reject) => {
      const header = {
        name: entry.name,
        type,
        mode: entry.mode ?? (type === 'directory' ? 0o755 : 0o644),
        ...(entry.linkname === undefined ? {} : { linkname: entry.linkname }),
        ...(body === undefined ? {} : { size: body.length }),
      };
      const callback = (error?: Error | null) => (error ? reject(error) : resolve());
      if (body === undefined) pack.entry(header, callback);
      else pack.entry(header, body, callback);
    });
  }
  pack.finalize();
  return done;
}

/** Packs entries into a `.tar.gz`. */
async function bundleOf(entries: readonly TestEntry[]): Promise<Buffer> {
  return gzipSync(await tarOf(entries));
}

/** A valid bundle: the manifest (overridable) and the seed app. */
function seedBundle(overrides: Record<string, unknown> = {}, extra: readonly TestEntry[] = []): Promise<Buffer> {
  return bundleOf([
    { name: 'marathon.json', body: JSON.stringify(seedManifest(overrides)) },
    { name: 'api.py', body: SEED_API_PY, mode: 0o755 },
    ...extra,
  ]);
}

export type { TestEntry };
export { bundleOf, SEED_API_PY, seedBundle, seedManifest, tarOf };
