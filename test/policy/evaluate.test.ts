import { describe, expect, it } from 'vitest';
import {
  evaluatePolicy,
  isFullAccessPolicy,
  type PolicyRequest,
  parsePolicy,
} from '../../lib/policy/evaluate.js';

const ROLE = 'arn:aws:iam::123456789012:role/VeeamBackup';
const request = (overrides: Partial<PolicyRequest> = {}): PolicyRequest => ({
  action: 's3:PutObject',
  resource: 'arn:aws:s3:::backups/veeam/block-1',
  principalArn: ROLE,
  principalAccount: '123456789012',
  context: {},
  ...overrides,
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
    ).toThrow(/policy variables/);
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
});
