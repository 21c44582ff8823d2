import { CORE_SCHEMA, defineMappingTag, defineScalarTag, defineSequenceTag, load, type TagDefinition } from 'js-yaml';

/**
 * Reads serverless.yml / infra/*.yml with CloudFormation's short-form tags (`!Ref`, `!GetAtt`, `!Sub`, ...) turned
 * into their long form (`{ Ref: ... }`, `{ 'Fn::GetAtt': [...] }`), as CloudFormation itself would see them.
 */
const INTRINSICS = [
  'Base64',
  'Cidr',
  'Condition',
  'Equals',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Not',
  'And',
  'Or',
  'Ref',
  'Select',
  'Split',
  'Sub',
] as const;

function longName(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

function scalarValue(name: string, source: string): unknown {
  // `!GetAtt Queue.Arn` is shorthand for `['Queue', 'Arn']`.
  if (name === 'GetAtt') {
    const dot = source.indexOf('.');
    return [source.slice(0, dot), source.slice(dot + 1)];
  }
  return source;
}

function intrinsicTags(name: string): TagDefinition[] {
  const key = longName(name);
  return [
    defineScalarTag(`!${name}`, {
      resolve: (source) => ({ [key]: scalarValue(name, source) }),
      identify: () => false,
    }),
    defineSequenceTag<unknown[], Record<string, unknown>>(`!${name}`, {
      create: () => [],
      addItem: (carrier, item) => {
        carrier.push(item);
      },
      finalize: (carrier) => ({ [key]: carrier }),
      identify: () => false,
    }),
    defineMappingTag<Map<unknown, unknown>, Record<string, unknown>>(`!${name}`, {
      create: () => new Map(),
      addPair: (carrier, pairKey, value) => {
        carrier.set(pairKey, value);
        return '';
      },
      has: (carrier, pairKey) => carrier.has(pairKey),
      keys: (result) => Object.keys(result),
      get: (result, pairKey) => result[String(pairKey)],
      finalize: (carrier) => ({ [key]: Object.fromEntries(carrier) }),
      identify: () => false,
    }),
  ];
}

const CFN_SCHEMA = CORE_SCHEMA.withTags(...INTRINSICS.flatMap(intrinsicTags));

/** Parses YAML that may use CloudFormation short-form tags. */
function loadCfnYaml(text: string): unknown {
  return load(text, { schema: CFN_SCHEMA });
}

export { CFN_SCHEMA, loadCfnYaml };
