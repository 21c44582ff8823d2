import { SqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import type { Context } from 'aws-lambda';
import { loadConfig } from '#shared/config/index.ts';
import { deadlineSignal } from '#shared/http/index.ts';
import { logger } from '#shared/logging/index.ts';
import { createScaler } from '#shared/scale/index.ts';

/** SQS FIFO consumer: one usage message per app and cycle → decision → PUT /v2/apps/{id} (see README.md). */
const config = loadConfig();
logger.setLevel(config.LOG_LEVEL);
logger.appendKeys({ function: 'scale' });
const scaler = createScaler(config);

const handler = async (event: unknown, context: Context) => {
  const { Records } = SqsSchema.parse(event);
  return scaler.run(Records, deadlineSignal(context, config.TIMEOUT_MARGIN_MS));
};

export { handler };
