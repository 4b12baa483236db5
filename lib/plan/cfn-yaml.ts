/**
 * CloudFormation YAML read with its short tags as the long forms they stand for (`!Ref X` →
 * `{Ref: X}`, `!GetAtt A.B` → `{"Fn::GetAtt": [A, B]}`, `!Sub`, `!Join` …), with eemeli/yaml's
 * custom tags: hna plan's templates, and serverless.yml's resources and infra/*.yml in the tests.
 */
import { parse } from 'yaml';

const SHORT_TAGS = [
  'Ref',
  'Condition',
  'Sub',
  'If',
  'Select',
  'Split',
  'Equals',
  'Not',
  'GetAtt',
  'Join',
  'And',
  'Or',
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Transform',
];

/** CloudFormation's short tags, as the long forms they stand for. */
export const CFN_TAGS = SHORT_TAGS.flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const wrap = (value: unknown) => ({
    [key]: name === 'GetAtt' && typeof value === 'string' ? value.split('.') : value,
  });
  return [
    { tag: `!${name}`, resolve: (value: unknown) => wrap(value) },
    {
      tag: `!${name}`,
      collection: 'seq' as const,
      resolve: (value: { toJSON(): unknown }) => wrap(value.toJSON()),
    },
    {
      tag: `!${name}`,
      collection: 'map' as const,
      resolve: (value: { toJSON(): unknown }) => wrap(value.toJSON()),
    },
  ];
});

/** Throws yaml's `YAMLParseError` (with its line and column) on a document that is not YAML. */
export function parseCfnYaml(text: string): unknown {
  return parse(text, { customTags: CFN_TAGS });
}
