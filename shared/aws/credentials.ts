import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { cachedUntilFailure } from '../lazy/cached-until-failure.ts';

/**
 * Credentials for Marathon / Mesos: given directly (local stack: MARATHON_CREDENTIALS) or as the name of an SSM
 * SecureString (AWS: MARATHON_CREDENTIALS_PARAM), fetched once per container and reused by every invocation.
 * Secrets never go into environment variables on AWS, where they would show in the console.
 */

class CredentialsError extends Error {
  readonly code = 'CREDENTIALS_UNAVAILABLE';
  readonly parameterName: string;

  constructor(parameterName: string, reason: string, options?: ErrorOptions) {
    super(`cannot read credentials from SSM parameter ${parameterName}: ${reason}`, options);
    this.name = 'CredentialsError';
    this.parameterName = parameterName;
  }
}

interface CredentialsSource {
  /** The secret itself (local stack only). Wins over `parameterName`. */
  value?: string | undefined;
  /** SSM parameter holding the secret (SecureString, decrypted on read). */
  parameterName?: string | undefined;
}

type CredentialsResolver = () => Promise<string | undefined>;

/**
 * `ssm` is called only when a parameter must be read, so local runs need no AWS configuration. The SSM classes are
 * imported statically and by name, so only they are bundled: on AWS every cold container reads the
 * parameter, and a lazy `import()` only moved that cost into the first invocation while bundling the whole client.
 */
function createCredentialsResolver(
  source: CredentialsSource,
  ssm: () => Promise<Pick<SSMClient, 'send'>>,
): CredentialsResolver {
  if (source.value) {
    const value = source.value;
    return () => Promise.resolve(value);
  }
  const name = source.parameterName;
  if (!name) return () => Promise.resolve(undefined);
  // A failure is forgotten so the next invocation asks again (throttling, a parameter created late).
  return cachedUntilFailure(() =>
    ssm()
      .then((client) => client.send(new GetParameterCommand({ Name: name, WithDecryption: true })))
      .then((answer) => {
        const value = answer.Parameter?.Value;
        if (!value) throw new CredentialsError(name, 'the parameter has no value');
        return value;
      })
      .catch((error: unknown) => {
        throw error instanceof CredentialsError
          ? error
          : new CredentialsError(name, (error as Error).message, { cause: error });
      }),
  );
}

export type { CredentialsResolver, CredentialsSource };
export { CredentialsError, createCredentialsResolver };
