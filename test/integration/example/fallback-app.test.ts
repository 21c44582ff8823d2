import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DIR, FALLBACK_DIR } from '#local/example/index.ts';
import { getFromApp, type RunningApp, startPythonApp } from '#test/helpers/python-app.ts';

describe('the Python-stdlib fallback app', () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startPythonApp('python3', ['server.py', '-b', '127.0.0.1:0'], FALLBACK_DIR);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('answers GET / with the same bytes as the Falcon app', async () => {
    const answer = await getFromApp(`${app.url}/`);

    expect(answer).toEqual({ status: 200, type: 'application/json', body: '{"foo": "bar"}' });
  });

  it('burns the requested CPU on GET /load?ms=N', async () => {
    const answer = await getFromApp(`${app.url}/load?ms=20`);

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ burnedMs: 20 });
  });

  it('refuses GET /load beyond its bound or with a non-number', async () => {
    expect((await getFromApp(`${app.url}/load?ms=999999`)).status).toBe(400);
    expect((await getFromApp(`${app.url}/load?ms=lots`)).status).toBe(400);
  });

  it('answers 404 for other paths', async () => {
    expect((await getFromApp(`${app.url}/nope`)).status).toBe(404);
  });

  it('has a manifest equal to the real one except for its cmd', async () => {
    const real = JSON.parse(await readFile(join(EXAMPLE_DIR, 'marathon.json'), 'utf8'));
    const fallback = JSON.parse(await readFile(join(FALLBACK_DIR, 'marathon.json'), 'utf8'));

    expect(fallback.cmd).toBe('python3 ./server.py -b $HOST:$PORT0');
    expect({ ...fallback, cmd: real.cmd }).toEqual(real);
  });
});
