import { EventBridgeSchema, S3Schema, SqsSchema } from '@aws-lambda-powertools/parser/schemas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeS3EventKey, s3Event, scheduledEvent, sqsEvent } from '#local/runner/index.ts';

describe('encodeS3EventKey', () => {
  it('form-encodes like S3 notifications: space as +, + and non-ASCII percent-encoded, / kept', () => {
    expect(encodeS3EventKey('incoming/my app+v1 é.tar.gz')).toBe('incoming/my+app%2Bv1+%C3%A9.tar.gz');
    expect(encodeS3EventKey("a=b&c?(d)'!~#%.tar.gz")).toBe('a%3Db%26c%3F%28d%29%27%21%7E%23%25.tar.gz');
  });

  it('round-trips any key through the decoding handlers use', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (key) => {
        expect(decodeURIComponent(encodeS3EventKey(key).replace(/\+/g, ' '))).toBe(key);
      }),
    );
  });
});

describe('scheduledEvent', () => {
  it('has the EventBridge Scheduled Event envelope with the rule ARN', () => {
    const event = scheduledEvent('rule-1', 'eu-west-1', new Date('2026-11-25T20:00:00.123Z'));
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: '2026-11-25T20:00:00Z',
      region: 'eu-west-1',
      resources: ['arn:aws:events:eu-west-1:000000000000:rule/rule-1'],
      detail: {},
    });
  });
});

describe('sqsEvent', () => {
  it('maps received messages to Lambda SQS records, system and message attributes included', () => {
    const event = sqsEvent(
      [
        {
          MessageId: 'm-1',
          ReceiptHandle: 'r-1',
          Body: '{}',
          MD5OfBody: 'md5',
          Attributes: { ApproximateReceiveCount: '3', MessageGroupId: '/app', SequenceNumber: '7' },
          MessageAttributes: { kind: { DataType: 'String', StringValue: 'usage' } },
        },
      ],
      'arn:aws:sqs:us-east-1:000000000000:q.fifo',
      'us-east-1',
    );
    expect(event.Records[0]).toMatchObject({
      messageId: 'm-1',
      receiptHandle: 'r-1',
      body: '{}',
      attributes: { ApproximateReceiveCount: '3', MessageGroupId: '/app', SequenceNumber: '7' },
      messageAttributes: { kind: { dataType: 'String', stringValue: 'usage', stringListValues: [] } },
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q.fifo',
      awsRegion: 'us-east-1',
    });
  });
});

describe('local events against the powertools envelopes handlers parse with', () => {
  it('builds S3, EventBridge and SQS events the powertools schemas accept', () => {
    const s3 = s3Event(
      {
        eventName: 'ObjectCreated:Put',
        eventTime: '2026-11-25T20:00:00.000Z',
        s3: { bucket: { name: 'b' }, object: { key: 'incoming/a b.tar.gz', size: 3, eTag: 'abc', sequencer: '1A' } },
      },
      'us-east-1',
    );
    const sqs = sqsEvent(
      [{ MessageId: 'm', ReceiptHandle: 'r', Body: '{}', MD5OfBody: 'x', Attributes: { MessageGroupId: 'g' } }],
      'arn:aws:sqs:us-east-1:000000000000:q.fifo',
      'us-east-1',
    );
    expect(S3Schema.safeParse(s3).error).toBeUndefined();
    expect(EventBridgeSchema.safeParse(scheduledEvent('rule', 'us-east-1')).error).toBeUndefined();
    expect(SqsSchema.safeParse(sqs).error).toBeUndefined();
  });
});
