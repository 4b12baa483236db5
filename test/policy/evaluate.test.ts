import { describe, expect, it } from 'vitest';
import {
  arnMatches,
  evaluatePolicy,
  isFullAccessPolicy,
  type PolicyRequest,
  parsePolicy,
} from '../../lib/policy/evaluate.js';

const ROLE = 'arn:aws:iam::123456789012:role/VeeamBackup';
// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template literal
const IAM_USERNAME = '${aws:username}';
/** Keys these requests are known not to carry; any other key is unknown to the auditor. */
const KNOWN_ABSENT = {
  'aws:SourceVpce': undefined,
  'aws:TagKeys': undefined,
  'aws:SecureTransport': undefined,
};
const request = (overrides: Partial<PolicyRequest> = {}): PolicyRequest => ({
  action: 's3:PutObject',
  resource: 'arn:aws:s3:::backups/veeam/block-1',
  principalArn: ROLE,
  principalAccount: '123456789012',
  ...overrides,
  context: {
    ...Object.fromEntries(
      Object.entries(KNOWN_ABSENT).filter(
        ([key]) =>
          !Object.keys(overrides.context ?? {}).some((given) => given.toLowerCase() === key.toLowerCase()),
      ),
    ),
    ...overrides.context,
  },
});
const decide = (policy: unknown, overrides: Partial<PolicyRequest> = {}) =>
  evaluatePolicy(parsePolicy(JSON.stringify(policy)), request(overrides)).decision;

const pinned = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyOutsideEndpoint',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::backups', 'arn:aws:s3:::backups/*'],
      Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
    },
    {
      Effect: 'Allow',
      Principal: { AWS: ROLE },
      Action: ['s3:PutObject', 's3:GetObject'],
      Resource: 'arn:aws:s3:::backups/*',
    },
  ],
};

describe('evaluatePolicy', () => {
  it('denies with StringNotEquals when the request comes another way, or carries no endpoint at all', () => {
    expect(decide(pinned, { context: { 'aws:SourceVpce': 'vpce-1' } })).toBe('allowed');
    expect(decide(pinned, { context: { 'aws:SourceVpce': 'vpce-2' } })).toBe('explicitly denied');
    expect(decide(pinned)).toBe('explicitly denied');
  });

  it('compares context key names without regard to case', () => {
    expect(decide(pinned, { context: { 'AWS:sourcevpce': 'vpce-1' } })).toBe('allowed');
  });

  it('lets IfExists hold when the key is absent, where the plain operator does not', () => {
    const deny = (operator: string) => ({
      Statement: {
        Effect: 'Deny',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: { [operator]: { 'aws:SourceVpce': 'vpce-bad' } },
      },
    });
    expect(decide(deny('StringEqualsIfExists'))).toBe('explicitly denied');
    expect(decide(deny('StringEquals'))).toBe('implicitly denied');
    expect(decide(deny('StringEqualsIfExists'), { context: { 'aws:SourceVpce': 'vpce-1' } })).toBe(
      'implicitly denied',
    );
  });

  it('accepts a Statement that is an object, and implicit deny without a matching Allow', () => {
    const policy = { Statement: { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' } };
    expect(decide(policy, { action: 's3:GetObject' })).toBe('allowed');
    expect(decide(policy, { action: 's3:PutObject' })).toBe('implicitly denied');
  });

  it('matches actions without case and with wildcards, resources with case', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'S3:Put*', Resource: 'arn:aws:s3:::backups/v?eam/*' },
      ],
    };
    expect(decide(policy)).toBe('allowed');
    expect(decide(policy, { resource: 'arn:aws:s3:::Backups/veeam/x' })).toBe('implicitly denied');
  });

  it('applies NotAction, NotResource and NotPrincipal as exclusions', () => {
    const notAction = {
      Statement: [{ Effect: 'Deny', Principal: '*', NotAction: 's3:Get*', Resource: '*' }],
    };
    expect(decide(notAction)).toBe('explicitly denied');
    expect(decide(notAction, { action: 's3:GetObject' })).toBe('implicitly denied');
    const notPrincipal = {
      Statement: [
        {
          Effect: 'Deny',
          NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/Admin' },
          Action: '*',
          Resource: '*',
        },
      ],
    };
    expect(decide(notPrincipal)).toBe('explicitly denied');
    expect(decide(notPrincipal, { principalArn: 'arn:aws:iam::123456789012:role/Admin' })).toBe(
      'implicitly denied',
    );
    const notResource = {
      Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', NotResource: 'arn:aws:s3:::other/*' }],
    };
    expect(decide(notResource)).toBe('allowed');
  });

  it('matches account ids and account roots as principals', () => {
    expect(
      decide({
        Statement: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: '*', Resource: '*' }],
      }),
    ).toBe('allowed');
    expect(
      decide({
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::123456789012:root' },
            Action: '*',
            Resource: '*',
          },
        ],
      }),
    ).toBe('allowed');
    expect(
      decide({
        Statement: [{ Effect: 'Allow', Principal: { AWS: '210987654321' }, Action: '*', Resource: '*' }],
      }),
    ).toBe('implicitly denied');
  });

  it('evaluates ForAnyValue and ForAllValues over multi-valued keys', () => {
    const anyValue = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'backup-*' } },
        },
      ],
    };
    expect(decide(anyValue, { context: { 'aws:TagKeys': ['owner', 'backup-tier'] } })).toBe('allowed');
    expect(decide(anyValue, { context: { 'aws:TagKeys': ['owner'] } })).toBe('implicitly denied');
    expect(decide(anyValue)).toBe('implicitly denied');
    const allValues = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
        },
      ],
    };
    expect(decide(allValues, { context: { 'aws:TagKeys': ['a'] } })).toBe('allowed');
    expect(decide(allValues, { context: { 'aws:TagKeys': ['a', 'c'] } })).toBe('implicitly denied');
  });

  it('evaluates ARN, Bool, Null, numeric and IP operators', () => {
    const arn = {
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Backup*' } },
        },
      ],
    };
    expect(
      decide(arn, { context: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/BackupAdmin' } }),
    ).toBe('implicitly denied');
    expect(decide(arn, { context: { 'aws:PrincipalArn': ROLE } })).toBe('explicitly denied');
    const tls = {
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    };
    expect(decide(tls, { context: { 'aws:SecureTransport': false } })).toBe('explicitly denied');
    expect(decide(tls, { context: { 'aws:SecureTransport': true } })).toBe('implicitly denied');
    const absent = {
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { Null: { 'aws:SourceVpce': 'true' } },
        },
      ],
    };
    expect(decide(absent)).toBe('explicitly denied');
    expect(decide(absent, { context: { 'aws:SourceVpce': 'vpce-1' } })).toBe('implicitly denied');
    const ip = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: {
            IpAddress: { 'aws:SourceIp': '10.20.0.0/16' },
            NumericLessThan: { 's3:max-keys': '100' },
          },
        },
      ],
    };
    expect(decide(ip, { context: { 'aws:SourceIp': '10.20.3.4', 's3:max-keys': '10' } })).toBe('allowed');
    expect(decide(ip, { context: { 'aws:SourceIp': '10.21.3.4', 's3:max-keys': '10' } })).toBe(
      'implicitly denied',
    );
  });

  it('refuses what it cannot evaluate instead of guessing', () => {
    expect(() => parsePolicy('{"Statement": [')).toThrow(/not valid JSON/);
    expect(() => parsePolicy('{"Version": "2012-10-17"}')).toThrow('the policy has no Statement');
    expect(() =>
      decide({
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: '*',
            Resource: '*',
            Condition: { StringSounds: { k: 'v' } },
          },
        ],
      }),
    ).toThrow('condition operator StringSounds is not supported');
    expect(() =>
      decide({
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: '*',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template literal
            Resource: 'arn:aws:s3:::${aws:username}/*',
          },
        ],
      }),
    ).toThrow(/policy variable \$\{aws:username\}/);
  });
});

describe('the request context of a signed request (IAM global condition keys)', () => {
  const ACCOUNT = '123456789012';
  // The data-perimeter endpoint policy: only principals of the own account.
  const ownAccountOnly = {
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
      },
    ],
  };

  it('carries aws:PrincipalAccount and aws:PrincipalArn from the caller', () => {
    expect(decide(ownAccountOnly)).toBe('allowed');
    expect(
      decide(ownAccountOnly, {
        principalArn: 'arn:aws:iam::210987654321:role/X',
        principalAccount: '210987654321',
      }),
    ).toBe('implicitly denied');
    const byArn = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Veeam*' } },
        },
      ],
    };
    expect(decide(byArn)).toBe('allowed');
  });

  it('a Deny that also requires another account never stops the own account outside the endpoint', () => {
    const deny = {
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: {
            StringNotEquals: { 'aws:SourceVpce': 'vpce-1', 'aws:PrincipalAccount': ACCOUNT },
          },
        },
      ],
    };
    expect(decide(deny)).toBe('implicitly denied');
    expect(
      decide(deny, { principalArn: 'arn:aws:iam::210987654321:role/X', principalAccount: '210987654321' }),
    ).toBe('explicitly denied');
  });

  it('knows aws:PrincipalOrgID only when the organization is configured', () => {
    const org = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      ],
    };
    expect(decide(org, { principalOrgId: 'o-a1b2c3d4e5' })).toBe('allowed');
    expect(decide(org, { principalOrgId: 'o-zzzzzzzzzz' })).toBe('implicitly denied');
    expect(() => decide(org)).toThrow('aws:PrincipalOrgID, which the auditor cannot know');
  });

  it('names a key it cannot know, but only when the decision depends on it', () => {
    const ip = (vpce: string) => ({
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: {
            StringNotEquals: { 'aws:SourceVpce': vpce },
            NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' },
          },
        },
      ],
    });
    // Through vpce-1 the first condition is false: the statement cannot apply, whatever the address.
    expect(decide(ip('vpce-1'), { context: { 'aws:SourceVpce': 'vpce-1' } })).toBe('implicitly denied');
    expect(() => decide(ip('vpce-1'))).toThrow('aws:SourceIp, which the auditor cannot know');
    const tag = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalTag/team': 'backup' } },
        },
      ],
    };
    expect(() => decide(tag)).toThrow('aws:PrincipalTag/team');
    const variable = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalArn': IAM_USERNAME } },
        },
      ],
    };
    expect(() => decide(variable)).toThrow(`policy variable ${IAM_USERNAME}`);
  });
});

describe('NotPrincipal (IAM JSON policy elements: NotPrincipal)', () => {
  // The page's pattern: deny everyone but the role, with the account ARN listed beside it.
  const pinnedExceptAdmin = {
    Statement: [
      {
        Effect: 'Deny',
        NotPrincipal: {
          AWS: ['arn:aws:iam::123456789012:role/BackupAdmin', 'arn:aws:iam::123456789012:root'],
        },
        Action: 's3:*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
      },
    ],
  };

  it('exempts exactly the listed role; the account ARN beside it exempts no other role', () => {
    expect(decide(pinnedExceptAdmin, { principalArn: 'arn:aws:iam::123456789012:role/BackupAdmin' })).toBe(
      'implicitly denied',
    );
    expect(decide(pinnedExceptAdmin)).toBe('explicitly denied');
    expect(decide(pinnedExceptAdmin, { context: { 'aws:SourceVpce': 'vpce-1' } })).toBe('implicitly denied');
  });

  it('exempts the account principal itself when its ARN is listed', () => {
    expect(decide(pinnedExceptAdmin, { principalArn: 'arn:aws:iam::123456789012:root' })).toBe(
      'implicitly denied',
    );
  });
});

describe('ARN patterns match segment by segment (IAM JSON policy elements: Resource)', () => {
  it('a * inside a segment never crosses a colon; one that ends a segment may', () => {
    expect(arnMatches('arn:aws:iam::*:role/Backup*', 'arn:aws:iam::123456789012:role/BackupAdmin')).toBe(
      true,
    );
    expect(arnMatches('arn:aws:iam::12*9012:role/x', 'arn:aws:iam::12:34:9012:role/x')).toBe(false);
    expect(arnMatches('arn:aws:s3:::b*t/x', 'arn:aws:s3:::b:c:t/x')).toBe(false);
    expect(
      arnMatches('arn:aws:execute-api:eu-west-1:*', 'arn:aws:execute-api:eu-west-1:123456789012:a/b/POST/x'),
    ).toBe(true);
    expect(arnMatches('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b:c')).toBe(true);
  });
});

describe('isFullAccessPolicy', () => {
  it('recognizes the default endpoint policy in both spellings', () => {
    expect(
      isFullAccessPolicy(
        '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
      ),
    ).toBe(true);
    expect(
      isFullAccessPolicy(
        '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":"*"}]}',
      ),
    ).toBe(true);
    expect(isFullAccessPolicy(JSON.stringify(pinned))).toBe(false);
    expect(isFullAccessPolicy('not json')).toBe(false);
  });

  // IAM User Guide, "AWS global condition context keys" (aws:SourceIp, aws:VpcSourceIp,
  // aws:ViaAWSService): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
  describe('keys AWS sets or leaves out by itself', () => {
    const denyOutsideOffice = {
      Statement: [
        {
          Sid: 'OfficeOnly',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
        },
        { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
      ],
    };

    it('a request through a VPC endpoint carries no aws:SourceIp: NotIpAddress holds, IpAddress does not', () => {
      // Act
      const throughEndpoint = decide(denyOutsideOffice, { context: { 'aws:SourceVpce': 'vpce-0a1b' } });
      // Assess
      expect(throughEndpoint).toBe('explicitly denied');
      const allowOffice = {
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:*',
            Resource: '*',
            Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
          },
        ],
      };
      expect(decide(allowOffice, { context: { 'aws:SourceVpce': 'vpce-0a1b' } })).toBe('implicitly denied');
    });

    it('aws:SourceIp stays unknowable for a request that does not go through an endpoint', () => {
      expect(() => decide(denyOutsideOffice)).toThrow('aws:SourceIp, which the auditor cannot know');
    });

    it('aws:VpcSourceIp is absent outside an endpoint and unknowable through one', () => {
      const vpcSource = {
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: '*',
            Condition: { IpAddress: { 'aws:VpcSourceIp': '10.20.0.0/16' } },
          },
          { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
        ],
      };
      expect(decide(vpcSource)).toBe('allowed');
      expect(() => decide(vpcSource, { context: { 'aws:SourceVpce': 'vpce-0a1b' } })).toThrow(
        'aws:VpcSourceIp',
      );
    });

    it("a caller's direct request carries aws:ViaAWSService false", () => {
      const denyDirect = {
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: '*',
            Condition: {
              Bool: { 'aws:ViaAWSService': 'false' },
              StringNotEquals: { 'aws:SourceVpce': 'vpce-0a1b' },
            },
          },
          { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
        ],
      };
      expect(decide(denyDirect)).toBe('explicitly denied');
      expect(decide(denyDirect, { context: { 'aws:SourceVpce': 'vpce-0a1b' } })).toBe('allowed');
    });
  });
});
