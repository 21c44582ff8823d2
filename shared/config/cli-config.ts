import { z } from 'zod';
import { parseEnv } from './parse-env.ts';

/**
 * The environment the `autopilot` CLI reads (the functions' keys are in config.ts). Every key is optional: flags
 * win over these, and without either the CLI talks to the local stack `npm start` runs.
 */
const CliEnvSchema = z.object({
  /** Where `npm start` keeps stack.json and its logs. **Default:** `.local` (relative to the working directory) */
  AUTOPILOT_DATA_DIR: z.string().min(1).optional(),
  /** Deployed stage to talk to instead of the local stack (like `--stage`). */
  AUTOPILOT_STAGE: z.string().min(1).optional(),
  /** Marathon base URL for `--stage` (the local stack's comes from stack.json). */
  MARATHON_URL: z.url('set MARATHON_URL to the Marathon base URL, e.g. http://marathon.internal:8080').optional(),
  /** `user:password` or `token:<value>` for Marathon; from the environment only, so it stays out of shell history. */
  MARATHON_CREDENTIALS: z.string().optional(),
  /** Region for `--stage` (the AWS SDK reads AWS_PROFILE and credentials itself). */
  AWS_REGION: z.string().optional(),
  /** Also the SDK's own; passed through so `--profile` and `AWS_PROFILE` behave the same. */
  AWS_PROFILE: z.string().optional(),
});

type CliEnv = Readonly<z.infer<typeof CliEnvSchema>>;

function loadCliEnv(env: Record<string, string | undefined> = process.env): CliEnv {
  return parseEnv(CliEnvSchema, env);
}

export type { CliEnv };
export { CliEnvSchema, loadCliEnv };
