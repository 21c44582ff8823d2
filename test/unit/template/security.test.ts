// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are CloudFormation Fn::Sub templates
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageTemplate, renderValue, type Template } from '#test/helpers/package-template.ts';

let template: Template;
let dir: string;

const BUCKET = 'arn:${AWS::Partition}:s3:::marathon-autopilot-dev-us-east-1-bundles';
const SSM = 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/marathon-autopilot/dev';
const KMS_KEY = 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*';

beforeAll(async () => {
  ({ template, dir } = await packageTemplate({
    bundleReaderVpceId: 'vpce-0123456789abcdef0',
    bundleReaderCidr: '198.51.100.0/24',
  }));
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

function statementsOf(roleId: string): Statement[] {
  const role = template.Resources[roleId]?.Properties as {
    Policies: Array<{ PolicyDocument: { Statement: Statement[] } }>;
  };
  return role.Policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

/** `action -> sorted resources` over every Allow statement of a role: the role's whole grant, comparable. */
function grants(roleId: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const statement of statementsOf(roleId)) {
    expect(statement.Effect).toBe('Allow');
    const actions = [statement.Action].flat();
    const resources = [statement.Resource].flat().map(renderValue);
    for (const action of actions) out[action] = [...(out[action] ?? []), ...resources].sort();
  }
  return out;
}

function bucketPolicyStatements(): unknown[] {
  const policy = template.Resources.BundleBucketPolicy?.Properties as {
    PolicyDocument: { Statement: unknown[] };
  };
  return policy.PolicyDocument.Statement;
}

describe('IAM: one least-privilege role per function', () => {
  it('grants no action on Resource "*" in any role', () => {
    for (const roleId of ['DeployRole', 'CollectRole', 'ScaleRole']) {
      for (const statement of statementsOf(roleId)) {
        expect([statement.Resource].flat().map(renderValue)).not.toContain('*');
      }
    }
  });

  it('lets deploy read incoming/ and deploys/, write bundles/ deploys/ rejected/, and read the Marathon credentials', () => {
    expect(grants('DeployRole')).toEqual({
      'logs:CreateLogStream': ['DeployLogGroup.Arn'],
      'logs:PutLogEvents': ['DeployLogGroup.Arn'],
      's3:GetObject': [`${BUCKET}/deploys/*`, `${BUCKET}/incoming/*`],
      's3:ListBucket': [BUCKET],
      's3:PutObject': [`${BUCKET}/bundles/*`, `${BUCKET}/deploys/*`, `${BUCKET}/rejected/*`],
      'ssm:GetParameter': [`${SSM}/marathon-credentials`],
      'kms:Decrypt': [KMS_KEY],
    });
  });

  it('lets collect keep its state, send usage to the queue, and read both credentials', () => {
    expect(grants('CollectRole')).toEqual({
      'logs:CreateLogStream': ['CollectLogGroup.Arn'],
      'logs:PutLogEvents': ['CollectLogGroup.Arn'],
      's3:GetObject': [`${BUCKET}/state/collect/*`],
      's3:PutObject': [`${BUCKET}/state/collect/*`],
      's3:ListBucket': [BUCKET],
      'sqs:SendMessage': ['StatsQueue.Arn'],
      'ssm:GetParameter': [`${SSM}/marathon-credentials`, `${SSM}/mesos-credentials`],
      'kms:Decrypt': [KMS_KEY],
    });
  });

  it('lets scale keep its state, consume the queue, forward to the DLQ, and read the Marathon credentials', () => {
    expect(grants('ScaleRole')).toEqual({
      'logs:CreateLogStream': ['ScaleLogGroup.Arn'],
      'logs:PutLogEvents': ['ScaleLogGroup.Arn'],
      's3:GetObject': [`${BUCKET}/state/scale/*`],
      's3:PutObject': [`${BUCKET}/state/scale/*`],
      's3:ListBucket': [BUCKET],
      'sqs:ReceiveMessage': ['StatsQueue.Arn'],
      'sqs:DeleteMessage': ['StatsQueue.Arn'],
      'sqs:GetQueueAttributes': ['StatsQueue.Arn'],
      'sqs:SendMessage': ['StatsDeadLetterQueue.Arn'],
      'ssm:GetParameter': [`${SSM}/marathon-credentials`],
      'kms:Decrypt': [KMS_KEY],
    });
  });

  it('limits ListBucket to each function state prefix', () => {
    for (const [roleId, prefix] of [
      ['DeployRole', 'deploys/*'],
      ['CollectRole', 'state/collect/*'],
      ['ScaleRole', 'state/scale/*'],
    ] as const) {
      const list = statementsOf(roleId).find((statement) => statement.Action === 's3:ListBucket');
      expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': prefix } });
    }
  });

  it('limits kms:Decrypt to SSM decrypting exactly the allowed credential parameters', () => {
    const decrypt = statementsOf('CollectRole').find((statement) => statement.Action === 'kms:Decrypt');
    if (!decrypt) throw new Error('CollectRole has no kms:Decrypt statement');
    const condition = (decrypt.Condition as { StringEquals: Record<string, unknown> }).StringEquals;
    expect(renderValue(condition['kms:ViaService'])).toBe('ssm.${AWS::Region}.amazonaws.com');
    expect([condition['kms:EncryptionContext:PARAMETER_ARN']].flat().map(renderValue)).toEqual([
      `${SSM}/marathon-credentials`,
      `${SSM}/mesos-credentials`,
    ]);
  });

  it('does not create the shared default execution role', () => {
    expect(template.Resources).not.toHaveProperty('IamRoleLambdaExecution');
  });
});

describe('bundle bucket', () => {
  const bucket = () => template.Resources.S3BucketBundles?.Properties ?? {};

  it('blocks every form of public access', () => {
    expect(bucket().PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it('encrypts objects by default and keeps versions', () => {
    const encryption = bucket().BucketEncryption as { ServerSideEncryptionConfiguration: unknown[] };
    expect(encryption.ServerSideEncryptionConfiguration).toContainEqual(
      expect.objectContaining({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }),
    );
    expect(bucket().VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  it('denies every request that does not use TLS', () => {
    const policy = template.Resources.BundleBucketPolicy?.Properties as { Bucket: unknown };
    expect(renderValue(policy.Bucket)).toBe('ref:S3BucketBundles');
    expect(bucketPolicyStatements()).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [{ 'Fn::Sub': BUCKET }, { 'Fn::Sub': `${BUCKET}/*` }],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('lets agents without credentials read bundles/ only, from the configured VPC endpoint or CIDR', () => {
    const allows = bucketPolicyStatements().filter((statement) => 'Fn::If' in (statement as object));
    expect(allows).toEqual([
      {
        'Fn::If': [
          'HasBundleReaderVpce',
          expect.objectContaining({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: { 'Fn::Sub': `${BUCKET}/bundles/*` },
            Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } },
          }),
          { Ref: 'AWS::NoValue' },
        ],
      },
      {
        'Fn::If': [
          'HasBundleReaderCidr',
          expect.objectContaining({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: { 'Fn::Sub': `${BUCKET}/bundles/*` },
            Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } },
          }),
          { Ref: 'AWS::NoValue' },
        ],
      },
    ]);
    expect(bucketPolicyStatements()).toHaveLength(3);
  });
});
