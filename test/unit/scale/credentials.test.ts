import type { GetParameterCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { CredentialsError, createCredentialsResolver } from '#shared/aws/credentials.ts';

/** An SSM stand-in that records each request and answers from a script. */
function fakeSsm(answers: (() => unknown)[]) {
  const requests: unknown[] = [];
  return {
    requests,
    client: {
      send: async (command: GetParameterCommand) => {
        requests.push(command.input);
        const next = answers.shift();
        if (!next) throw new Error('no scripted answer');
        return next();
      },
    },
  };
}

describe('createCredentialsResolver', () => {
  it('uses a value given directly without building an SSM client', async () => {
    const resolve = createCredentialsResolver({ value: 'user:pw', parameterName: '/ignored' }, () => {
      throw new Error('must not build SSM');
    });

    expect(await resolve()).toBe('user:pw');
  });

  it('has no credentials when neither is set', async () => {
    expect(await createCredentialsResolver({}, async () => fakeSsm([]).client as never)()).toBeUndefined();
  });

  it('reads the SecureString once, decrypted, and reuses it', async () => {
    const ssm = fakeSsm([() => ({ Parameter: { Value: 'token:abc' } })]);
    const resolve = createCredentialsResolver(
      { parameterName: '/autopilot/marathon' },
      async () => ssm.client as never,
    );

    const first = await resolve();
    const second = await resolve();

    expect([first, second]).toEqual(['token:abc', 'token:abc']);
    expect(ssm.requests).toEqual([{ Name: '/autopilot/marathon', WithDecryption: true }]);
  });

  it('names the parameter on failure and asks again on the next call', async () => {
    const ssm = fakeSsm([
      () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      },
      () => ({ Parameter: {} }),
      () => ({ Parameter: { Value: 'user:pw' } }),
    ]);
    const resolve = createCredentialsResolver({ parameterName: '/p' }, async () => ssm.client as never);

    await expect(resolve()).rejects.toThrow('cannot read credentials from SSM parameter /p: Rate exceeded');
    const empty = await resolve().catch((error: unknown) => error);
    expect(empty).toBeInstanceOf(CredentialsError);
    expect(empty).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE', message: expect.stringContaining('has no value') });
    expect(await resolve()).toBe('user:pw');
  });
});
