/**
 * Property-based fuzzing of everything that reads outside input (issue 12): the snapshot
 * reader, the configuration loader, the policy evaluator and the three functions' event
 * parsing. No input ends in an internal error (exit 70), an unhandled rejection or a
 * TypeError; every refusal is one line naming its file or event and the path at fault.
 * Each property runs a fixed number of cases, never cut by time (a slow machine runs them all,
 * slower); the seed is fixed so a failure reproduces. What is accepted is checked too: a reader
 * that accepted everything would fail here.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../lib/audit/service.js';
import { parseConfig } from '../../lib/config/load.js';
import { parseSnapshot } from '../../lib/inventory/read.js';
import { configFromParameters } from '../../lib/lambda/config-rule.js';
import {
  EventError,
  parseConfigEvent,
  parseScheduledEvent,
  parseSqsEvent,
  parseTarget,
} from '../../lib/lambda/events.js';
import { evaluatePolicy, PolicyError, parsePolicy } from '../../lib/policy/evaluate.js';
import { RULES, ruleIds } from '../../lib/rules/index.js';
import { InputError } from '../../lib/util/errors.js';
import { runHna } from '../support/cli-harness.js';
import { config, NOW } from '../support/fixtures.js';

const SEED = 20261123;
// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template literal
const IAM_VARIABLE = '${aws:username}';
const options = (numRuns: number) => ({ seed: SEED, numRuns });

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type Json = unknown;

/** Every path of a JSON value (objects and arrays), up to a bound. */
function paths(
  value: Json,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (out.length > 4000) return out;
  out.push(prefix);
  if (Array.isArray(value)) for (const [index, item] of value.entries()) paths(item, [...prefix, index], out);
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) paths(item, [...prefix, key], out);
  return out;
}

const replacement = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('10.0.0.0/33', 'not-a-cidr', '-1', 'available', '0.0.0.0/0', IAM_VARIABLE, '*'),
);

/** The base document with one value replaced, deleted, or wrapped, at a chosen path. */
function mutated(base: Json): fc.Arbitrary<Json> {
  const all = paths(base);
  return fc
    .tuple(fc.integer({ min: 0, max: all.length - 1 }), replacement, fc.boolean())
    .map(([index, value, wrap]) => {
      const copy = structuredClone(base) as Record<string | number, Json>;
      const path = all[index] ?? [];
      if (path.length === 0) return wrap ? [copy] : value;
      let holder: Record<string | number, Json> = copy;
      for (const key of path.slice(0, -1)) holder = holder[key] as Record<string | number, Json>;
      const last = path[path.length - 1] as string | number;
      if (value === undefined) delete holder[last];
      else holder[last] = wrap ? [value] : value;
      return copy;
    });
}

const example = JSON.parse(readFileSync('examples/hybrid-landing-zone.json', 'utf8')) as Json;
const exampleConfig = JSON.parse(readFileSync('examples/hna.config.json', 'utf8')) as Json;

function oneLine(message: string): void {
  expect(message).not.toContain('\n');
  expect(message).not.toMatch(/TypeError|Cannot read propert|is not a function|undefined is not/);
}

describe('fuzzing the snapshot reader', () => {
  it('refuses any JSON that is not a snapshot with one line naming the file and the path', () => {
    // The control: a snapshot is accepted, so refusing the cases below means something.
    expect(parseSnapshot(JSON.stringify(example), 'example.json').version).toBe(1);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        try {
          const snapshot = parseSnapshot(JSON.stringify(value), 'fuzz.json');
          // Accepted: it is a snapshot document of this version, and read as written.
          expect(isRecord(value) && value.version === 1).toBe(true);
          expect(snapshot.version).toBe(1);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as Error).message.startsWith('fuzz.json: ')).toBe(true);
          oneLine((error as Error).message);
        }
      }),
      options(400),
    );
  });

  it('either refuses a mutated example naming the path, or audits it with every rule and no internal error', () => {
    const all = config();
    fc.assert(
      fc.property(mutated(example), (value) => {
        let snapshot: ReturnType<typeof parseSnapshot>;
        try {
          snapshot = parseSnapshot(JSON.stringify(value) ?? 'undefined', 'fuzz.json');
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as Error).message).toMatch(/^fuzz\.json: /);
          oneLine((error as Error).message);
          return;
        }
        const { results } = runAudit(snapshot, { rules: RULES, config: all, now: NOW });
        const crashed = results.filter((r) => /could not be evaluated/.test(r.evidence ?? ''));
        expect(crashed.map((r) => `${r.ruleId}: ${r.evidence}`)).toEqual([]);
      }),
      options(300),
    );
  });

  it('the command line never exits 70 on a mutated snapshot file', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'hna-fuzz-'));
    await fc.assert(
      fc.asyncProperty(mutated(example), async (value) => {
        const file = join(dir, 'fuzz.json');
        writeFileSync(file, JSON.stringify(value) ?? '');
        const run = await runHna(['audit', '--snapshot', file, '--format', 'json', '--fail-on', 'never']);
        expect([0, 2], run.stderr).toContain(run.code);
        if (run.code === 2) oneLine(run.stderr.trim());
      }),
      options(60),
    );
  });
});

describe('fuzzing the configuration loader', () => {
  it('loads or refuses any configuration with one line naming the file and the path', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 3 }), mutated(exampleConfig)), (value) => {
        try {
          const loaded = parseConfig(value, 'fuzz-config.json', ruleIds());
          // Accepted: an object (or nothing: null or an empty document, the defaults), read into a whole configuration.
          expect(isRecord(value) || value === null || value === undefined).toBe(true);
          expect(Array.isArray(loaded.suppressions)).toBe(true);
          expect(isRecord(loaded.rules)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as Error).message).toMatch(/^fuzz-config\.json: /);
          oneLine((error as Error).message);
        }
      }),
      options(500),
    );
  });
});

describe('fuzzing the policy evaluator', () => {
  const strings = fc.constantFrom(
    '*',
    's3:*',
    's3:GetObject',
    'arn:aws:s3:::b/*',
    'arn:aws:iam::123456789012:root',
    IAM_VARIABLE,
    'vpce-1',
    '',
  );
  const value = fc.oneof(strings, fc.array(strings, { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }));
  const condition = fc.dictionary(
    fc.constantFrom(
      'StringEquals',
      'StringNotEquals',
      'ArnLike',
      'Bool',
      'Null',
      'IpAddress',
      'ForAnyValue:StringLike',
      'StringSounds',
      'NumericLessThanIfExists',
    ),
    fc.oneof(
      fc.dictionary(
        fc.constantFrom('aws:SourceVpce', 'aws:PrincipalArn', 'aws:SourceIp', 'aws:PrincipalTag/x', 'k'),
        value,
      ),
      value,
    ),
    { maxKeys: 2 },
  );
  const statement = fc.record(
    {
      Sid: fc.oneof(fc.string({ maxLength: 5 }), fc.integer()),
      Effect: fc.oneof(fc.constantFrom('Allow', 'Deny'), value),
      Principal: fc.oneof(fc.constant('*'), fc.record({ AWS: value }), value),
      NotPrincipal: fc.record({ AWS: value }),
      Action: value,
      NotAction: value,
      Resource: value,
      NotResource: value,
      Condition: fc.oneof(condition, value),
    },
    { requiredKeys: [] },
  );
  const policy = fc.oneof(
    fc.record({
      Version: fc.constant('2012-10-17'),
      Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 })),
    }),
    fc.jsonValue({ maxDepth: 3 }),
  );

  it('decides or refuses (PolicyError) any policy, never a TypeError', () => {
    fc.assert(
      fc.property(policy, (document) => {
        try {
          const statements = parsePolicy(JSON.stringify(document) ?? '');
          const verdict = evaluatePolicy(statements, {
            action: 's3:GetObject',
            resource: 'arn:aws:s3:::b/k',
            principalArn: 'arn:aws:iam::123456789012:role/r',
            principalAccount: '123456789012',
            context: { 'aws:SourceVpce': 'vpce-1', 'aws:SecureTransport': true },
          });
          expect(['allowed', 'explicitly denied', 'implicitly denied']).toContain(verdict.decision);
        } catch (error) {
          expect(error).toBeInstanceOf(PolicyError);
          oneLine((error as Error).message);
        }
      }),
      options(1500),
    );
  });
});

describe('fuzzing the functions’ event parsing', () => {
  const scheduled = {
    version: '0',
    id: 'e',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: '2026-11-22T03:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: {},
  };
  const sqs = {
    Records: [
      {
        messageId: 'm-1',
        body: '{"accountId":"123456789012","region":"eu-west-1"}',
        receiptHandle: 'r',
        attributes: {},
        eventSource: 'aws:sqs',
      },
    ],
  };
  const change = {
    version: '1.0',
    invokingEvent: JSON.stringify({
      configurationItem: {
        configurationItemCaptureTime: '2026-11-22T03:00:00.000Z',
        configurationItemStatus: 'OK',
        resourceType: 'AWS::EC2::Subnet',
        resourceId: 'subnet-1',
        awsRegion: 'eu-west-1',
      },
      notificationCreationTime: '2026-11-22T03:00:01.000Z',
      messageType: 'ConfigurationItemChangeNotification',
    }),
    ruleParameters: JSON.stringify({ sourceCidrs: '10.20.0.0/16' }),
    resultToken: 'TESTMODE',
    eventLeftScope: false,
    accountId: '123456789012',
  };
  const refusesCleanly = (error: unknown, prefix: RegExp) => {
    expect(error instanceof EventError || error instanceof InputError, String(error)).toBe(true);
    expect((error as Error).message).toMatch(prefix);
    oneLine((error as Error).message);
  };

  it.each([
    ['scheduled event', parseScheduledEvent, scheduled, /^scheduled event: /],
    ['SQS event', parseSqsEvent, sqs, /^SQS event: /],
  ] as const)('%s: accepts or refuses naming the field', (_name, parse, valid, prefix) => {
    expect(() => parse(valid)).not.toThrow();
    fc.assert(
      fc.property(fc.oneof(fc.anything(), mutated(valid)), (event) => {
        try {
          const parsed = parse(event) as unknown as Record<string, unknown>;
          // Accepted: an object carrying what the handler reads (the run's id and time, or the records).
          expect(isRecord(event)).toBe(true);
          if ('Records' in parsed) {
            expect(Array.isArray(parsed.Records)).toBe(true);
            for (const record of parsed.Records as { messageId: unknown }[])
              expect(typeof record.messageId).toBe('string');
          } else
            expect(parsed).toMatchObject({
              'detail-type': 'Scheduled Event',
              source: 'aws.events',
              time: expect.any(String),
            });
        } catch (error) {
          refusesCleanly(error, prefix);
        }
      }),
      options(600),
    );
  });

  it('SQS message bodies: accepts or refuses naming the field', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? ''),
        ),
        (body) => {
          try {
            const target = parseTarget(body);
            // Accepted: an account id and a region, as the worker uses them.
            expect(target.accountId).toMatch(/^\d{12}$/);
            expect(typeof target.region).toBe('string');
          } catch (error) {
            refusesCleanly(error, /^message body: /);
          }
        },
      ),
      options(600),
    );
  });

  it('Config rule events, their invokingEvent and ruleParameters: accepts or refuses naming the field', () => {
    expect(() => configFromParameters(parseConfigEvent(change).parameters)).not.toThrow();
    const invoking = JSON.parse(change.invokingEvent) as Json;
    const events = fc.oneof(
      fc.anything(),
      mutated(change),
      mutated(invoking).map((value) => ({ ...change, invokingEvent: JSON.stringify(value) ?? 'undefined' })),
      fc
        .jsonValue({ maxDepth: 2 })
        .map((value) => ({ ...change, ruleParameters: JSON.stringify(value) ?? '' })),
      fc.string().map((text) => ({ ...change, invokingEvent: text })),
    );
    fc.assert(
      fc.property(events, (event) => {
        try {
          const parsed = parseConfigEvent(event);
          configFromParameters(parsed.parameters);
          // Accepted: an event naming its account and one of Config's message types.
          expect(typeof parsed.event.accountId).toBe('string');
          expect([
            'ConfigurationItemChangeNotification',
            'OversizedConfigurationItemChangeNotification',
            'ScheduledNotification',
          ]).toContain(parsed.invoking.messageType);
        } catch (error) {
          refusesCleanly(error, /^(Config rule event: |ruleParameters: )/);
        }
      }),
      options(800),
    );
  });
});
