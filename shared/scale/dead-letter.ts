import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * Forwards a poison message (malformed: retrying cannot help) to the statistics DLQ at once, with the reason as a
 * message attribute, instead of letting it block its FIFO group for maxReceiveCount receives.
 */

interface PoisonMessage {
  messageId: string;
  body: string;
  /** FIFO group of the original (the DLQ is FIFO too); the message id when absent. */
  groupId: string | undefined;
  reason: string;
}

const MAX_REASON_CHARS = 1_000;

class DeadLetterForwarder {
  readonly #sqs: Pick<SQSClient, 'send'>;
  readonly #queueUrl: string;

  constructor(options: { sqs: Pick<SQSClient, 'send'>; queueUrl: string }) {
    this.#sqs = options.sqs;
    this.#queueUrl = options.queueUrl;
  }

  async forward(message: PoisonMessage, signal?: AbortSignal): Promise<void> {
    const fifo = this.#queueUrl.endsWith('.fifo');
    await this.#sqs.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: message.body === '' ? '(empty body)' : message.body,
        MessageAttributes: {
          reason: { DataType: 'String', StringValue: message.reason.slice(0, MAX_REASON_CHARS) },
          sourceMessageId: { DataType: 'String', StringValue: message.messageId },
          forwardedBy: { DataType: 'String', StringValue: 'scale' },
        },
        ...(fifo
          ? { MessageGroupId: message.groupId ?? message.messageId, MessageDeduplicationId: message.messageId }
          : {}),
      }),
      signal ? { abortSignal: signal } : {},
    );
  }
}

export type { PoisonMessage };
export { DeadLetterForwarder };
