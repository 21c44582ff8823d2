import type { z } from 'zod';
import { describeZodIssues } from '../validation/index.ts';
import { ConfigError } from './errors.ts';

/** Parses an environment against `schema`: a frozen result, or one {@link ConfigError} listing every bad key. */
function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): Readonly<z.output<S>> {
  const result = schema.safeParse(env);
  if (!result.success) throw new ConfigError(describeZodIssues(result.error), { cause: result.error });
  return Object.freeze(result.data);
}

export { parseEnv };
