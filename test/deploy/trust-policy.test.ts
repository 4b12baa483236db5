/**
 * What moto cannot check — trust policies, external ids, bucket policies — checked with hna's
 * own IAM policy evaluator (lib/policy) on the templates as they deploy (issue 19): the member
 * role admits exactly the auditor's roles presenting the external id (and of the organization
 * when one is given); the hand-off bucket's objects admit only the dispatcher, the worker and the
 * Config rule.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCfnYaml } from '../../lib/plan/cfn-yaml.js';
import { evaluatePolicy, parsePolicy } from '../../lib/policy/evaluate.js';

type Json = unknown;

const NO_VALUE = Symbol('AWS::NoValue');

/** Resolves the intrinsic functions the templates use, for given parameters and attributes. */
function resolver(
  template: { Conditions?: Record<string, Json> },
  refs: Record<string, string>,
  attributes: Record<string, string> = {},
) {
  const resolve = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(resolve).filter((v) => v !== NO_VALUE);
    if (node === null || typeof node !== 'object') return node;
    const entries = Object.entries(node as Record<string, Json>);
    const [first] = entries;
    if (entries.length === 1 && first !== undefined) {
      const [key, value] = first;
      switch (key) {
        case 'Ref':
          if (value === 'AWS::NoValue') return NO_VALUE;
          if (!(String(value) in refs)) throw new Error(`no value for Ref ${String(value)}`);
          return refs[String(value)];
        case 'Fn::GetAtt': {
          const name = (value as string[]).join('.');
          if (!(name in attributes)) throw new Error(`no value for GetAtt ${name}`);
          return attributes[name];
        }
        case 'Fn::If': {
          const [condition, yes, no] = value as [string, Json, Json];
          return resolve(resolve(template.Conditions?.[condition]) ? yes : no);
        }
        case 'Fn::Equals': {
          const [a, b] = (value as Json[]).map(resolve);
          return a === b;
        }
        case 'Fn::Not':
          return !resolve((value as Json[])[0]);
        case 'Fn::Select': {
          const [index, list] = value as [number, Json];
          return (resolve(list) as Json[])[Number(index)];
        }
        case 'Fn::Split': {
          const [separator, text] = value as [string, Json];
          return String(resolve(text)).split(separator);
        }
        case 'Fn::Sub': {
          const [text, variables] = (Array.isArray(value) ? value : [value, {}]) as [
            string,
            Record<string, Json>,
          ];
          const local = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, resolve(v)]));
          return text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
            if (name in local) return String(local[name]);
            if (name.includes('.')) return String(resolve({ 'Fn::GetAtt': name.split('.') }));
            return String(resolve({ Ref: name }));
          });
        }
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v)]).filter(([, v]) => v !== NO_VALUE));
  };
  return resolve;
}

const AUDITOR = '999988887777';
const role = (name: string, account = AUDITOR) => `arn:aws:iam::${account}:role/${name}`;
const WORKER = role('hna-audit-worker');
const CONFIG = role('hna-config-rule');
const DISPATCHER = role('hna-audit-dispatcher');
const EXTERNAL_ID = 'ext-0a1b2c3d4e';

describe('each member role trusts exactly its auditor function’s role (infra/member-role.yml)', () => {
  let template: {
    Conditions?: Record<string, Json>;
    Resources: Record<string, { Properties: Record<string, Json> }>;
  };
  beforeAll(() => {
    template = parseCfnYaml(readFileSync('infra/member-role.yml', 'utf8')) as typeof template;
  });
  const ORGANIZATION = 'o-a1b2c3d4e5';

  const trust = (role: 'MemberAuditRole' | 'MemberConfigRole' | 'MemberNetworkRole') => {
    const resolve = resolver(template, {
      'AWS::Partition': 'aws',
      AuditorRoleArn: WORKER,
      ConfigRuleRoleArn: CONFIG,
      DispatcherRoleArn: DISPATCHER,
      ExternalId: EXTERNAL_ID,
      OrganizationId: ORGANIZATION,
    });
    const document = resolve(template.Resources[role]?.Properties.AssumeRolePolicyDocument);
    return parsePolicy(JSON.stringify(document));
  };
  const assume = (
    statements: ReturnType<typeof parsePolicy>,
    principalArn: string,
    context: { externalId?: string; organizationId?: string } = {},
  ) =>
    evaluatePolicy(statements, {
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::123456789012:role/hna-member-audit',
      principalArn,
      principalAccount: principalArn.split(':')[4] as string,
      principalOrgId: context.organizationId ?? ORGANIZATION,
      context: { 'sts:ExternalId': context.externalId ?? EXTERNAL_ID },
    }).decision;

  it('admits each function’s role to its own member role only: the worker, the Config rule, the dispatcher', () => {
    const cases = [
      ['MemberAuditRole', WORKER],
      ['MemberConfigRole', CONFIG],
      ['MemberNetworkRole', DISPATCHER],
    ] as const;
    for (const [member, admitted] of cases)
      for (const principal of [WORKER, CONFIG, DISPATCHER])
        expect(assume(trust(member), principal), `${member} ← ${principal}`).toBe(
          principal === admitted ? 'allowed' : 'implicitly denied',
        );
  });

  it('refuses any other principal: another role of the auditor account, the same name elsewhere, a wrong external id', () => {
    const audit = trust('MemberAuditRole');
    expect(assume(audit, role('hna-admin'))).not.toBe('allowed');
    expect(assume(audit, role('hna-audit-worker', '111111111111'))).not.toBe('allowed');
    expect(assume(audit, WORKER, { externalId: 'guessed-id' })).not.toBe('allowed');
  });

  it('trusts the auditor account’s root with the role’s ARN as a condition, so a re-created role is trusted again', () => {
    // IAM keeps a trusted role's unique id: a policy naming the role breaks when it is re-created.
    const document = JSON.stringify(
      resolver(template, {
        'AWS::Partition': 'aws',
        AuditorRoleArn: WORKER,
        ConfigRuleRoleArn: CONFIG,
        DispatcherRoleArn: '',
        ExternalId: EXTERNAL_ID,
        OrganizationId: ORGANIZATION,
      })(template.Resources.MemberAuditRole?.Properties.AssumeRolePolicyDocument),
    );
    expect(document).toContain(`"AWS":"arn:aws:iam::${AUDITOR}:root"`);
    expect(document).toContain(`"aws:PrincipalArn":"${WORKER}"`);
  });

  it('refuses callers of another organization, on every member role', () => {
    for (const [member, principal] of [
      ['MemberAuditRole', WORKER],
      ['MemberConfigRole', CONFIG],
      ['MemberNetworkRole', DISPATCHER],
    ] as const) {
      expect(assume(trust(member), principal, { organizationId: 'o-zzzzzzzzzz' }), member).not.toBe(
        'allowed',
      );
      expect(JSON.stringify(template.Resources[member]?.Properties.AssumeRolePolicyDocument)).toContain(
        'aws:PrincipalOrgID',
      );
    }
  });
});

describe('the hand-off bucket admits only the dispatcher, the worker and the Config rule (serverless.yml)', () => {
  it('refuses every other principal of the auditor account, and insecure transport', () => {
    // The policy as serverless.yml declares it (its CloudFormation part; packaging changes nothing in it).
    const service = parseCfnYaml(readFileSync('serverless.yml', 'utf8')) as {
      resources: { Resources: Record<string, { Properties: Record<string, Json> }> };
    };
    const template: { Conditions?: Record<string, Json>; Resources: typeof service.resources.Resources } = {
      Resources: service.resources.Resources,
    };
    const bucketArn = 'arn:aws:s3:::hna-handoff-bucket';
    const resolve = resolver(
      template,
      {
        NetworkHandoffBucket: 'hna-handoff-bucket',
        'AWS::Partition': 'aws',
        'AWS::AccountId': AUDITOR,
        // serverless.yml's own variables, as osls resolves them with the default parameters
        'param:workerRoleName': 'hna-audit-worker',
        'param:dispatcherRoleName': 'hna-audit-dispatcher',
        'param:configRuleRoleName': 'hna-config-rule',
      },
      {
        'NetworkHandoffBucket.Arn': bucketArn,
        'AuditWorkerRole.Arn': WORKER,
        'ScheduledAuditRole.Arn': DISPATCHER,
      },
    );
    const statements = parsePolicy(
      JSON.stringify(resolve(template.Resources.NetworkHandoffBucketPolicy?.Properties.PolicyDocument)),
    );
    const request = (principalArn: string, action: string, secure = true) =>
      evaluatePolicy(statements, {
        action,
        resource: `${bucketArn}/runs/run-1/network-inventory.json`,
        principalArn,
        principalAccount: AUDITOR,
        context: { 'aws:SecureTransport': secure },
      }).decision;
    // The bucket policy denies; what it does not deny, the roles' own policies decide.
    expect(request(WORKER, 's3:GetObject')).not.toBe('explicitly denied');
    expect(request(DISPATCHER, 's3:PutObject')).not.toBe('explicitly denied');
    // The Config rule reads the last run's hand-off (runs/latest.json names it).
    expect(request(role('hna-config-rule'), 's3:GetObject')).not.toBe('explicitly denied');
    expect(request(role('hna-admin'), 's3:GetObject')).toBe('explicitly denied');
    expect(request(role('some-developer'), 's3:PutObject')).toBe('explicitly denied');
    expect(request(WORKER, 's3:GetObject', false)).toBe('explicitly denied');
  });
});
