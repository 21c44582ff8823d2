import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { type LocalAws, localSqsClient } from '#local/aws/index.ts';

/** Puts messages on a local stack's statistics FIFO queue, as collect would (or as a misbehaving sender might). */
interface StatsQueueSender {
  send(body: string, group: string, dedup: string): Promise<void>;
  destroy(): void;
}

function statsQueueSender(stack: LocalAws): StatsQueueSender {
  const sqs = localSqsClient(stack);
  return {
    send: async (body, group, dedup) => {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: stack.statsQueue.url,
          MessageBody: body,
          MessageGroupId: group,
          MessageDeduplicationId: dedup,
        }),
      );
    },
    destroy: () => sqs.destroy(),
  };
}

export type { StatsQueueSender };
export { statsQueueSender };
