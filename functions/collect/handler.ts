import type { Context } from 'aws-lambda';
import { createCollector, parseCollectEvent } from '#shared/collect/index.ts';
import { loadConfig } from '#shared/config/index.ts';
import { deadlineSignal } from '#shared/http/index.ts';
import { logger } from '#shared/logging/index.ts';

/** Cron-triggered: Mesos agent statistics → one usage message per watched app on the FIFO queue. */
const config = loadConfig();
logger.setLevel(config.LOG_LEVEL);
logger.appendKeys({ function: 'collect' });
const collector = createCollector(config);

const handler = async (event: unknown, context: Context) => {
  const { cycleId } = parseCollectEvent(event);
  return collector.run({ cycleId, signal: deadlineSignal(context, config.TIMEOUT_MARGIN_MS) });
};

export { handler };
