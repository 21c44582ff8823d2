import type { DeployContext } from '#shared/deploy/index.ts';
import { deployLimits } from './bundle-limits.ts';
import type { Target } from './target.ts';

/** The deploy helpers' context (history, rollback) for a CLI target: same bucket, Marathon and artifact URL. */
function deployContext(target: Target): DeployContext {
  return {
    s3: target.s3(),
    bucket: target.bucket,
    region: target.region,
    artifactBaseUrl: target.artifactBaseUrl,
    marathon: target.marathon(),
    limits: deployLimits(),
    putRetries: 3,
    retryBaseDelayMs: 500,
  };
}

export { deployContext };
