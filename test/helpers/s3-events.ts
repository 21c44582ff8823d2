/** S3 encodes keys in notifications like a form: spaces become `+`. */
function encodeEventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

interface UploadRecordInput {
  key: string;
  bucket?: string;
  etag?: string;
  sequencer?: string;
  eventTime?: string;
  principalId?: string;
  eventName?: string;
}

/** One S3 notification record as S3 sends it to Lambda (schema version 2.1). */
function s3RecordOf(input: UploadRecordInput) {
  const bucket = input.bucket ?? 'bundles';
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: input.eventTime ?? new Date().toISOString(),
    eventName: input.eventName ?? 'ObjectCreated:Put',
    userIdentity: { principalId: input.principalId ?? 'AWS:AIDATESTUSER' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: {
      'x-amz-request-id': 'C3D13FE58DE4C810',
      'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'deploy-on-upload',
      bucket: { name: bucket, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${bucket}` },
      object: {
        key: encodeEventKey(input.key),
        size: 1024,
        ...(input.etag ? { eTag: input.etag } : {}),
        sequencer: input.sequencer ?? '0055AED6DCD90281E5',
      },
    },
  };
}

function s3EventOf(...records: UploadRecordInput[]) {
  return { Records: records.map(s3RecordOf) };
}

const S3_TEST_EVENT = {
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2026-11-25T20:00:00.000Z',
  Bucket: 'bundles',
  RequestId: '5582815E1AEA5ADF',
  HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
};

export type { UploadRecordInput };
export { encodeEventKey, S3_TEST_EVENT, s3EventOf, s3RecordOf };
