/**
 * The events the three functions accept, validated before any work (a malformed event
 * fails with one line naming the field, never a TypeError deep in the handler).
 */
import { z } from 'zod';
import { parseJsonText } from '../util/json.js';
import { describeFirstIssue } from '../util/validation.js';

export class EventError extends Error {
  override readonly name = 'EventError';
}

function parseWith<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new EventError(`${what}: ${describeFirstIssue(parsed.error, input)}`);
  return parsed.data;
}

const isoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO 8601 time');

/** An EventBridge schedule's event: only its source, type and time are read. */
const scheduledEventSchema = z.looseObject({
  'detail-type': z.literal('Scheduled Event'),
  source: z.literal('aws.events'),
  time: isoTime,
  id: z.string().optional(),
});
export type ScheduledInvocation = z.output<typeof scheduledEventSchema>;

export function parseScheduledEvent(input: unknown): ScheduledInvocation {
  return parseWith(scheduledEventSchema, input, 'scheduled event');
}

/**
 * A manual re-run (docs/design/lambda-events.md): `{"accounts": [...], "regions": [...]}`, both optional,
 * sent with `aws lambda invoke`. Its run id is new each time, so it queues even what a
 * scheduled run of the same hour queued.
 */
const manualRerunSchema = z.strictObject({
  accounts: z
    .array(z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'))
    .min(1)
    .optional(),
  regions: z
    .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected a region name such as eu-west-1'))
    .min(1)
    .optional(),
});

/** The run a dispatch makes: its id (deduplication, hand-off key) and time, and what a re-run chose. */
export interface DispatchRun {
  id: string;
  time: string;
  kind: 'scheduled' | 'manual';
  accounts?: string[];
  regions?: string[];
}

/** The dispatcher's event: the schedule's, or a manual re-run of some accounts and regions. */
export function parseDispatchEvent(input: unknown, now: Date, newId: () => string): DispatchRun {
  const looksScheduled =
    input !== null && typeof input === 'object' && ('source' in input || 'detail-type' in input);
  if (looksScheduled) {
    const event = parseScheduledEvent(input);
    return { id: event.id ?? event.time, time: event.time, kind: 'scheduled' };
  }
  const rerun = parseWith(manualRerunSchema, input ?? {}, 'manual re-run event');
  return {
    id: `manual-${newId()}`,
    time: now.toISOString(),
    kind: 'manual',
    ...(rerun.accounts ? { accounts: [...new Set(rerun.accounts)] } : {}),
    ...(rerun.regions ? { regions: [...new Set(rerun.regions)] } : {}),
  };
}

/** An SQS event: the records must be readable; each body is checked on its own, so one bad message fails alone. */
const sqsEventSchema = z.looseObject({
  Records: z.array(z.looseObject({ messageId: z.string().min(1), body: z.string() })).min(1),
});
export type SqsInvocation = z.output<typeof sqsEventSchema>;

export function parseSqsEvent(input: unknown): SqsInvocation {
  return parseWith(sqsEventSchema, input, 'SQS event');
}

/** One (account, region) to audit: an SQS message body. */
const targetSchema = z.strictObject({
  accountId: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected a region name such as eu-west-1'),
  /** The run's network-account inventory in the hand-off bucket (network-handoff.ts). */
  networkInventory: z
    .string()
    .regex(/^runs\/[A-Za-z0-9._:-]+\/network-inventory\.json$/, 'expected runs/<run>/network-inventory.json')
    .optional(),
});
export type Target = z.output<typeof targetSchema>;

export function parseTarget(body: string): Target {
  const value = parseJsonText(body, (reason) => new EventError(`message body: not JSON (${reason})`));
  return parseWith(targetSchema, value, 'message body');
}

const itemSchema = z.looseObject({
  resourceType: z.string().min(1),
  resourceId: z.string().min(1),
  configurationItemStatus: z.string().optional(),
  configurationItemCaptureTime: isoTime.optional(),
  awsRegion: z.string().optional(),
});
export type ConfigurationItem = z.output<typeof itemSchema>;

const invokingEventSchema = z.discriminatedUnion('messageType', [
  z.looseObject({
    messageType: z.literal('ConfigurationItemChangeNotification'),
    configurationItem: itemSchema,
    notificationCreationTime: isoTime.optional(),
  }),
  z.looseObject({
    messageType: z.literal('OversizedConfigurationItemChangeNotification'),
    configurationItemSummary: itemSchema,
    notificationCreationTime: isoTime.optional(),
  }),
  z.looseObject({
    messageType: z.literal('ScheduledNotification'),
    notificationCreationTime: isoTime.optional(),
  }),
]);
export type InvokingEvent = z.output<typeof invokingEventSchema>;

const configEventSchema = z.looseObject({
  invokingEvent: z.string(),
  ruleParameters: z.string().optional(),
  resultToken: z.string().min(1),
  eventLeftScope: z.boolean().optional(),
  accountId: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'),
  configRuleName: z.string().optional(),
});

export interface ConfigInvocation {
  event: z.output<typeof configEventSchema>;
  invoking: InvokingEvent;
  /** The rule parameters as a JSON object (Config sends them as a string). */
  parameters: Record<string, unknown>;
}

function parseJsonField(text: string, what: string): unknown {
  return parseJsonText(text, (reason) => new EventError(`Config rule event: ${what}: not JSON (${reason})`));
}

export function parseConfigEvent(input: unknown): ConfigInvocation {
  const event = parseWith(configEventSchema, input, 'Config rule event');
  const invoking = parseWith(
    invokingEventSchema,
    parseJsonField(event.invokingEvent, 'invokingEvent'),
    'Config rule event: invokingEvent',
  );
  const parameters =
    event.ruleParameters === undefined || event.ruleParameters.trim() === ''
      ? {}
      : parseWith(
          z.record(z.string(), z.unknown()),
          parseJsonField(event.ruleParameters, 'ruleParameters'),
          'Config rule event: ruleParameters',
        );
  return { event, invoking, parameters };
}
