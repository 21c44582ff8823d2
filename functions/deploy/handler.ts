import type { Context } from 'aws-lambda';
import { loadConfig } from '#shared/config/index.ts';
import { createDeployContextFactory, handleS3Event } from '#shared/deploy/index.ts';
import { deadlineSignal } from '#shared/http/index.ts';
import { logger } from '#shared/logging/index.ts';

const config = loadConfig();
logger.setLevel(config.LOG_LEVEL);
logger.appendKeys({ function: 'deploy' });
const contexts = createDeployContextFactory(config);

/** S3 ObjectCreated on INCOMING_PREFIX → validate, store, PUT to Marathon, record (see README.md). */
const handler = async (event: unknown, context: Context): Promise<void> => {
  const signal = deadlineSignal(context, config.TIMEOUT_MARGIN_MS);
  await handleS3Event({ ...(await contexts.context()), signal }, event, config.INCOMING_PREFIX);
};

export { handler };
