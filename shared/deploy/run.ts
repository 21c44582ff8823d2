import { DEPLOY_LOG, DEPLOY_OUTCOMES } from '../logging/log-shapes.ts';
import { logger } from '../logging/logger.ts';
import type { DeployContext } from './context.ts';
import { deployUpload } from './deploy.ts';
import { parseS3Event } from './s3-event.ts';

/** Thrown after every record was tried when at least one failed, so S3's async retry runs the event again. */
class DeployBatchError extends AggregateError {
  readonly code = 'DEPLOY_BATCH_FAILED';

  constructor(errors: unknown[]) {
    super(errors, `${errors.length} upload(s) failed to deploy; the event will be retried`);
    this.name = 'DeployBatchError';
  }
}

/**
 * Handles one S3 notification: every record, in order, one log line per outcome
 * (`accepted`, `deployed`, `unchanged`, `rejected`, `failed`, and `ignored` for records that are not uploads).
 * Deploys are idempotent, so retrying the whole event after a failure is safe. Message texts and outcomes come from
 * shared/logging/log-shapes.ts: the saved CloudWatch queries select these lines by them (docs/log-shapes.md).
 */
async function handleS3Event(ctx: DeployContext, event: unknown, incomingPrefix: string): Promise<void> {
  const failures: unknown[] = [];
  for (const record of parseS3Event(event, incomingPrefix, ctx.bucket)) {
    if ('ignored' in record) {
      logger.info(DEPLOY_LOG.ignored, { outcome: DEPLOY_OUTCOMES.ignored, reason: record.ignored, key: record.key });
      continue;
    }
    const { key } = record.upload;
    const started = Date.now();
    const durationMs = () => Date.now() - started;
    try {
      const result = await deployUpload(ctx, record.upload, {
        onAccepted: ({ appId, digest, bundleKey }) =>
          logger.info(DEPLOY_LOG.accepted, {
            outcome: DEPLOY_OUTCOMES.accepted,
            appId,
            digest,
            key,
            bundleKey,
            durationMs: durationMs(),
          }),
      });
      if (result.outcome === 'rejected') {
        const { outcome, code, message, recordKey, appId, digest } = result;
        logger.warn(DEPLOY_LOG.rejected, {
          outcome,
          code,
          appId,
          digest,
          key,
          message,
          recordKey,
          durationMs: durationMs(),
        });
      } else {
        logger.info(DEPLOY_LOG[result.outcome], { ...result, key, durationMs: durationMs() });
      }
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      logger.error(DEPLOY_LOG.failed, { outcome: DEPLOY_OUTCOMES.failed, key, code, error, durationMs: durationMs() });
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new DeployBatchError(failures);
}

export { DeployBatchError, handleS3Event };
