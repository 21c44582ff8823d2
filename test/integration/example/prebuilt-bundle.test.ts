import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DIR, PREBUILT_BUNDLE, readTarGz } from '#local/example/index.ts';
import { extractBundle, getFromApp, type RunningApp, startPythonApp } from '#test/helpers/python-app.ts';

describe('the committed prebuilt bundle', () => {
  it('holds app.pyz (executable, a python3 zipapp), api.py and marathon.json at its root', async () => {
    const files = await readTarGz(PREBUILT_BUNDLE);

    expect(files.map((file) => file.name)).toEqual(['app.pyz', 'api.py', 'marathon.json']);
    const app = files.find((file) => file.name === 'app.pyz');
    expect((app?.mode ?? 0) & 0o111).toBe(0o111);
    expect(app?.data.subarray(0, 23).toString()).toBe('#!/usr/bin/env python3\n');
  });

  it('carries the api.py and marathon.json of examples/rest-app (rebuild with build.sh --prebuilt if not)', async () => {
    const files = await readTarGz(PREBUILT_BUNDLE);

    for (const name of ['api.py', 'marathon.json']) {
      const committed = files.find((file) => file.name === name)?.data.toString();
      expect(committed, `${name} in prebuilt/rest-app.tar.gz is stale`).toBe(
        await readFile(join(EXAMPLE_DIR, name), 'utf8'),
      );
    }
  });

  it('has a manifest that starts app.pyz on $HOST:$PORT0 and health-checks GET /', async () => {
    const files = await readTarGz(PREBUILT_BUNDLE);
    const manifest = JSON.parse(files.find((file) => file.name === 'marathon.json')?.data.toString() ?? '{}');

    expect(manifest).toMatchObject({
      id: 'rest-app',
      cmd: './app.pyz api:app -b $HOST:$PORT0 --workers 1',
      instances: 1,
      healthChecks: [{ protocol: 'HTTP', path: '/', portIndex: 0 }],
      autoscaling: { policy: 'target', minInstances: 1, maxInstances: 5 },
    });
    expect(Object.keys(manifest).sort()).toEqual(
      ['autoscaling', 'cmd', 'cpus', 'healthChecks', 'id', 'instances', 'mem'].sort(),
    );
  });

  describe('app.pyz run from the extracted bundle', () => {
    let bundle: Awaited<ReturnType<typeof extractBundle>>;
    let app: RunningApp;

    beforeAll(async () => {
      bundle = await extractBundle(PREBUILT_BUNDLE);
      // As the manifest's cmd runs it: ./app.pyz through its own "#!/usr/bin/env python3"
      app = await startPythonApp('./app.pyz', ['api:app', '-b', '127.0.0.1:0', '--workers', '1'], bundle.dir);
    });

    afterAll(async () => {
      await app?.stop();
      await bundle?.cleanup();
    });

    it('answers GET / with the seed\'s {"foo": "bar"} as JSON', async () => {
      const answer = await getFromApp(`${app.url}/`);

      expect(answer).toEqual({ status: 200, type: 'application/json', body: '{"foo": "bar"}' });
    });

    it('burns the requested CPU on GET /load?ms=N', async () => {
      const answer = await getFromApp(`${app.url}/load?ms=20`);

      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ burnedMs: 20 });
    });

    it('refuses GET /load beyond its 2000 ms bound', async () => {
      const answer = await getFromApp(`${app.url}/load?ms=999999`);

      expect(answer.status).toBe(400);
    });

    it('is served by gunicorn', () => {
      expect(app.output()).toMatch(/Starting gunicorn 20\.1\.0/);
    });
  });

  it('runs without any installed package (python3 -S: no site-packages)', async () => {
    const bundle = await extractBundle(PREBUILT_BUNDLE);
    const app = await startPythonApp('python3', ['-S', 'app.pyz', 'api:app', '-b', '127.0.0.1:0'], bundle.dir);
    try {
      const answer = await getFromApp(`${app.url}/`);

      expect(answer.body).toBe('{"foo": "bar"}');
    } finally {
      await app.stop();
      await bundle.cleanup();
    }
  });
});
