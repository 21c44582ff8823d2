// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are CloudFormation Fn::Sub templates
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageTemplate, renderValue, type Template } from '#test/helpers/package-template.ts';
import { count, reportCounts } from './tally.ts';

/**
 * A generic least-privilege check over every policy in the packaged template (packaged with a real KMS key id,
 * as a production stage should be). test/unit/template/security.test.ts pins each role's exact grant and the
 * bucket's public-access block, TLS-only policy, encryption and network-limited reads; this file asks the
 * broader question those exact lists cannot: is ANY statement anywhere (a role added later included) wider than
 * the product's bucket prefixes, queues, log groups and credential parameters? The checker is also run on
 * templates broken on purpose, so it is known to catch a wildcard.
 */

reportCounts();
const BUCKET = 'arn:${AWS::Partition}:s3:::marathon-autopilot-dev-us-east-1-bundles';
const PREFIXES = ['incoming/', 'bundles/', 'deploys/', 'rejected/', 'state/collect/', 'state/scale/'];
const SSM_PREFIX = 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/marathon-autopilot/dev/';
const KMS_KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
const QUEUES = ['StatsQueue.Arn', 'StatsDeadLetterQueue.Arn'];

type Statement = { Effect: string; Action: string | string[]; Resource?: unknown; Condition?: unknown };

let template: Template;
let dir: string;

beforeAll(async () => {
  ({ template, dir } = await packageTemplate({ credentialsKmsKeyId: KMS_KEY, bundleReaderCidr: '198.51.100.0/24' }));
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Why one resource of a role statement is wider than the product needs, or undefined when it is scoped. */
function resourceProblem(resource: string, actions: string[], statement: Statement, t: Template): string | undefined {
  if (resource.includes('*') && !resource.endsWith('/*')) return 'wildcard resource';
  if (resource.endsWith('.Arn')) {
    const id = resource.slice(0, -'.Arn'.length);
    const type = t.Resources[id]?.Type;
    if (type === 'AWS::Logs::LogGroup')
      return actions.every((a) => a.startsWith('logs:')) ? undefined : 'not a logs action';
    if (QUEUES.includes(resource)) return actions.every((a) => a.startsWith('sqs:')) ? undefined : 'not an sqs action';
    return `unexpected resource ${resource}`;
  }
  if (resource === BUCKET) {
    const prefix = (statement.Condition as { StringLike?: Record<string, string> } | undefined)?.StringLike?.[
      's3:prefix'
    ];
    const ok = actions.every((a) => a === 's3:ListBucket') && PREFIXES.some((p) => prefix === `${p}*`);
    return ok ? undefined : 'bucket-level grant without a product prefix condition';
  }
  if (resource.startsWith(`${BUCKET}/`)) {
    const rest = resource.slice(BUCKET.length + 1);
    return PREFIXES.some((p) => rest === `${p}*`) ? undefined : `object grant outside the product prefixes: ${rest}`;
  }
  if (resource.startsWith(SSM_PREFIX)) return resource.includes('*') ? 'wildcard parameter' : undefined;
  if (resource.endsWith(`:key/${KMS_KEY}`)) return undefined;
  return `unexpected resource ${resource}`;
}

/** Every way the template's policies are wider than the product needs, as readable strings. */
function violations(t: Template): string[] {
  const out: string[] = [];
  for (const [id, resource] of Object.entries(t.Resources)) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Role') {
      const trust = props.AssumeRolePolicyDocument as { Statement: Array<{ Principal: unknown }> };
      for (const s of trust.Statement) {
        if (JSON.stringify(s.Principal) !== JSON.stringify({ Service: 'lambda.amazonaws.com' })) {
          out.push(`${id}: trusts ${JSON.stringify(s.Principal)}`);
        }
      }
      const policies = (props.Policies ?? []) as Array<{ PolicyDocument: { Statement: Statement[] } }>;
      for (const statement of policies.flatMap((p) => p.PolicyDocument.Statement)) {
        const actions = [statement.Action].flat();
        if (statement.Effect !== 'Allow') continue;
        for (const action of actions) if (action.includes('*')) out.push(`${id}: wildcard action ${action}`);
        if (statement.Resource === undefined) out.push(`${id}: statement without Resource`);
        for (const r of [statement.Resource ?? []].flat().map(renderValue)) {
          const problem = resourceProblem(r, actions, statement, t);
          if (problem) out.push(`${id}: ${actions.join(',')} on ${r}: ${problem}`);
        }
      }
    }
    if (resource.Type === 'AWS::S3::BucketPolicy' || resource.Type === 'AWS::IAM::Policy') {
      const doc = props.PolicyDocument as { Statement: unknown[] };
      for (const raw of doc.Statement) {
        const node = raw as Record<string, unknown>;
        const branches = 'Fn::If' in node ? (node['Fn::If'] as unknown[]).slice(1) : [node];
        for (const s of branches as Array<Statement & { Principal?: unknown }>) {
          if (s?.Effect !== 'Allow') continue;
          if (!s.Condition) out.push(`${id}: Allow without a condition`);
          for (const a of [s.Action].flat()) if (a.includes('*')) out.push(`${id}: wildcard action ${a}`);
        }
      }
    }
    if (
      resource.Type === 'AWS::Lambda::Permission' &&
      !(props.SourceArn && (props.SourceAccount || props.Principal === 'events.amazonaws.com'))
    ) {
      out.push(`${id}: invoke permission not tied to its source`);
    }
  }
  return out;
}

function broken(mutate: (t: Template) => void): Template {
  const copy = structuredClone(template);
  mutate(copy);
  count('inputs');
  return copy;
}

function firstStatement(t: Template, role: string): Statement {
  const props = t.Resources[role]?.Properties as { Policies: Array<{ PolicyDocument: { Statement: Statement[] } }> };
  return props.Policies[0]?.PolicyDocument.Statement[0] as Statement;
}

describe('least privilege over the whole packaged template', () => {
  it('has no statement wider than the product’s bucket prefixes, queues, log groups, parameters and key', () => {
    expect(violations(template)).toEqual([]);
  });

  it('catches a wildcard action, a "*" resource, a whole-bucket object grant and a foreign trust', () => {
    const cases: Array<[Template, RegExp]> = [
      [broken((t) => Object.assign(firstStatement(t, 'DeployRole'), { Action: 's3:*' })), /wildcard action s3:\*/],
      [broken((t) => Object.assign(firstStatement(t, 'CollectRole'), { Resource: '*' })), /wildcard resource/],
      [
        broken((t) =>
          Object.assign(firstStatement(t, 'ScaleRole'), {
            Action: 's3:GetObject',
            Resource: { 'Fn::Sub': `${BUCKET}/*` },
          }),
        ),
        /outside the product prefixes/,
      ],
      [
        broken((t) => {
          const trust = t.Resources.ScaleRole?.Properties?.AssumeRolePolicyDocument as {
            Statement: Array<{ Principal: unknown }>;
          };
          (trust.Statement[0] as { Principal: unknown }).Principal = { AWS: '*' };
        }),
        /trusts/,
      ],
      [
        broken((t) => Object.assign(firstStatement(t, 'DeployRole'), { Resource: { 'Fn::Sub': `${SSM_PREFIX}*` } })),
        /wildcard/,
      ],
    ];
    for (const [t, expected] of cases) expect(violations(t).join('\n')).toMatch(expected);
  });
});
