import { randomUUID } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import type { S3Event, S3EventRecord, ScheduledEvent, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';

/**
 * Real Lambda event shapes built from what the local stand-ins report, so handlers cannot tell local from AWS.
 */
const ACCOUNT = '000000000000';
const KEEP = /[A-Za-z0-9.\-*_/]/;

/**
 * Encodes an object key the way S3 writes it into event notifications: form encoding (space -> `+`, `+` -> `%2B`,
 * other reserved and non-ASCII bytes as uppercase `%XX` of their UTF-8), `/` kept. Handlers undo it with
 * `decodeURIComponent(key.replace(/\+/g, ' '))`.
 */
function encodeS3EventKey(key: string): string {
  let out = '';
  for (const char of key) {
    if (char === ' ') out += '+';
    else if (KEEP.test(char)) out += char;
    else {
      for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/** The part of an s3rver `'event'` record the conversion reads (s3rver's own keys are not encoded). */
interface S3rverRecord {
  eventName: string;
  eventTime: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string; sequencer?: string } };
  requestParameters?: { sourceIPAddress?: string };
}

function s3EventRecord(record: S3rverRecord, region: string): S3EventRecord {
  const { bucket, object } = record.s3;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: record.eventTime,
    eventName: record.eventName,
    userIdentity: { principalId: `AWS:${ACCOUNT}` },
    requestParameters: { sourceIPAddress: record.requestParameters?.sourceIPAddress ?? '127.0.0.1' },
    responseElements: {
      'x-amz-request-id': randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase(),
      'x-amz-id-2': randomUUID(),
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'local-deploy-trigger',
      bucket: { name: bucket.name, ownerIdentity: { principalId: ACCOUNT }, arn: `arn:aws:s3:::${bucket.name}` },
      object: {
        key: encodeS3EventKey(object.key),
        size: object.size ?? 0,
        eTag: object.eTag ?? '',
        // S3 sequencers are hex strings that order events per key; s3rver's (hex milliseconds) qualify.
        sequencer: object.sequencer ?? Date.now().toString(16).toUpperCase().padStart(16, '0'),
      },
    },
  };
}

/** One S3 notification (S3 sends one record per object event). */
function s3Event(record: S3rverRecord, region: string): S3Event {
  return { Records: [s3EventRecord(record, region)] };
}

/** The EventBridge envelope a `schedule:` event delivers. */
function scheduledEvent(ruleName: string, region: string, time = new Date()): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: ACCOUNT,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${ACCOUNT}:rule/${ruleName}`],
    detail: {},
  };
}

function messageAttributes(message: Message): SQSMessageAttributes {
  const out: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    out[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((item) => Buffer.from(item).toString('base64')),
    };
  }
  return out;
}

/** An SQS event source mapping batch, from messages received with `MessageSystemAttributeNames: ['All']`. */
function sqsEvent(messages: readonly Message[], queueArn: string, region: string): SQSEvent {
  const records: SQSRecord[] = messages.map((message) => ({
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: ACCOUNT,
      ApproximateFirstReceiveTimestamp: String(Date.now()),
      ...message.Attributes,
    } as SQSRecord['attributes'],
    messageAttributes: messageAttributes(message),
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  }));
  return { Records: records };
}

export type { S3rverRecord };
export { encodeS3EventKey, s3Event, scheduledEvent, sqsEvent };
