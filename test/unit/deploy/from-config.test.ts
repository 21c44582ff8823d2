import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config/index.ts';
import { createDeployContextFactory } from '#shared/deploy/index.ts';
import { startTestServer } from '#test/helpers/http-server.ts';

const base = {
  BUNDLE_BUCKET: 'bundles',
  STATS_QUEUE_URL: 'http://127.0.0.1:1/q.fifo',
  MESOS_MASTER_URL: 'http://127.0.0.1:1',
};

describe('createDeployContextFactory', () => {
  it('reads the Marathon credentials from SSM once and sends them to Marathon', async () => {
    const seen: (string | undefined)[] = [];
    const server = await startTestServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"message":"App \'/a\' does not exist"}');
    });
    let reads = 0;
    const ssm = {
      send: async (command: unknown) => {
        reads += 1;
        expect(command).toBeInstanceOf(GetParameterCommand);
        return { Parameter: { Value: 'ops:s3cret' } };
      },
    } as never;
    try {
      const config = loadConfig({ ...base, MARATHON_URL: server.url, MARATHON_CREDENTIALS_PARAM: '/x/marathon' });
      const factory = createDeployContextFactory(config, { ssm });
      const first = await factory.context();
      await first.marathon.getApp('a');
      expect(await factory.context()).toBe(first);
      expect(reads).toBe(1);
      expect(seen).toEqual([`Basic ${Buffer.from('ops:s3cret').toString('base64')}`]);
    } finally {
      await server.close();
    }
  });

  it('asks SSM again on the next invocation after a failed read', async () => {
    let reads = 0;
    const ssm = {
      send: async () => {
        reads += 1;
        if (reads === 1) throw new Error('ThrottlingException');
        return { Parameter: { Value: 'ops:s3cret' } };
      },
    } as never;
    const config = loadConfig({ ...base, MARATHON_URL: 'http://127.0.0.1:1', MARATHON_CREDENTIALS_PARAM: '/x/m' });
    const factory = createDeployContextFactory(config, { ssm });
    await expect(factory.context()).rejects.toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE' });
    await expect(factory.context()).resolves.toMatchObject({ bucket: 'bundles' });
  });
});
