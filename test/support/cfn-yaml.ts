/** CloudFormation YAML (serverless.yml's resources, infra/*.yml) read with its short tags as the long forms. */
import { parse } from 'yaml';

/** CloudFormation's short tags, as the long forms they stand for. */
export const CFN_TAGS = [
  'Ref',
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
].flatMap((name) => {
  const key = name === 'Ref' ? 'Ref' : `Fn::${name}`;
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

export function parseCfnYaml(text: string): unknown {
  return parse(text, { customTags: CFN_TAGS });
}
