import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FetchError, fetchInto } from '#local/cluster/index.ts';
import { tarGz } from '#test/helpers/cluster-fixtures.ts';
import { startTestServer, type TestServer } from '#test/helpers/http-server.ts';

describe('fetchInto (the Mesos fetcher)', () => {
  let server: TestServer;
  let sandbox: string;
  const files = new Map<string, Buffer>();

  beforeAll(async () => {
    files.set('/b/app.tar.gz', await tarGz({ 'app/run.sh': { content: '#!/bin/sh\necho hi\n', mode: 0o755 } }));
    files.set('/b/evil.tar.gz', await tarGz({ '../escape.txt': { content: 'nope' } }));
    files.set('/b/tool', Buffer.from('#!/bin/sh\n'));
    server = await startTestServer((req, res) => {
      const body = files.get(req.url ?? '');
      res.writeHead(body ? 200 : 404);
      res.end(body);
    });
  });
  beforeEach(async () => {
    sandbox = await mkdtemp(path.join(tmpdir(), 'fetch-test-'));
  });
  afterEach(async () => {
    await rm(sandbox, { recursive: true, force: true });
  });
  afterAll(async () => {
    await server.close();
  });

  it('downloads and extracts a .tar.gz keeping the executable bits', async () => {
    await fetchInto(sandbox, [{ uri: `${server.url}/b/app.tar.gz` }]);
    expect(await readFile(path.join(sandbox, 'app/run.sh'), 'utf8')).toContain('echo hi');
    expect((await stat(path.join(sandbox, 'app/run.sh'))).mode & 0o111).not.toBe(0);
    expect((await stat(path.join(sandbox, 'app.tar.gz'))).isFile()).toBe(true);
  });

  it('leaves an archive packed when extract is false, and sets +x when executable is true', async () => {
    await fetchInto(sandbox, [
      { uri: `${server.url}/b/app.tar.gz`, extract: false },
      { uri: `${server.url}/b/tool`, executable: true },
    ]);
    await expect(stat(path.join(sandbox, 'app/run.sh'))).rejects.toThrow();
    expect((await stat(path.join(sandbox, 'tool'))).mode & 0o111).not.toBe(0);
  });

  it('fails with FetchError on an HTTP error', async () => {
    const error = await fetchInto(sandbox, [{ uri: `${server.url}/b/missing.tar.gz` }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).code).toBe('CLUSTER_FETCH_FAILED');
    expect((error as FetchError).message).toContain('HTTP 404');
  });

  it('refuses archive entries that would escape the sandbox', async () => {
    const error = await fetchInto(sandbox, [{ uri: `${server.url}/b/evil.tar.gz` }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    await expect(stat(path.join(sandbox, '../escape.txt'))).rejects.toThrow();
  });
});
