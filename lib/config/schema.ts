/**
 * The configuration keys of docs/design/rules-catalog.md. Every key is optional;
 * unknown keys, bad CIDR blocks and bad port ranges are refused with their path.
 */
import { z } from 'zod';
import { parseCidr } from '../ip/cidr.js';
import { SEVERITIES } from '../vocabulary/severities.js';
import { parsePortRange } from './ports.js';

const cidrBlock = z.string().superRefine((value, ctx) => {
  const parsed = parseCidr(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
});
const cidrList = z.array(cidrBlock);
const portRange = z.string().superRefine((value, ctx) => {
  const parsed = parsePortRange(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
});
const port = z.number().int().min(0).max(65535);
const positiveSeconds = z.number().int().positive();
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, 'expected a date such as 2027-01-31')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a real date');

const ipv4Address = z
  .string()
  .regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, 'expected an IPv4 address');
const domainName = z
  .string()
  .regex(
    /^\.$|^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?$/,
    'expected a domain name such as eu-west-1.amazonaws.com',
  );

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  sourceCidrs: cidrList.optional(),
  ephemeralPorts: portRange.default('1024-65535'),
  organizationId: z
    .string()
    .regex(/^o-[a-z0-9]{10,32}$/, 'expected an organization id such as o-a1b2c3d4e5')
    .optional(),
  drs: z
    .strictObject({ sourceCidrs: cidrList.optional(), publicSourceCidrs: cidrList.optional() })
    .default({}),
  dataSync: z
    .strictObject({
      sourceCidrs: cidrList.optional(),
      requirePrivateLink: z.boolean().default(true),
      concurrentTasksPerAgent: z.number().int().positive().default(1),
      checkSupportChannel: z.boolean().default(true),
    })
    .default({ requirePrivateLink: true, concurrentTasksPerAgent: 1, checkSupportChannel: true }),
  s3PrivateLink: z
    .strictObject({ sourceCidrs: cidrList.optional(), buckets: z.array(z.string().min(1)).default([]) })
    .default({ buckets: [] }),
  /** Accounts that own shared transit gateways, endpoints and zones (docs/design/network-semantics.md, shared endpoints). */
  networkAccounts: z.array(z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id')).default([]),
  /**
   * The on-premises DNS servers (addresses), the domains they forward to AWS, and the Route 53
   * Resolver inbound endpoint addresses they forward to (targets): what AWS cannot see.
   */
  dns: z
    .strictObject({
      forwarders: z
        .array(
          z.strictObject({
            addresses: z.array(ipv4Address).min(1, 'a forwarder needs at least one address'),
            domains: z.array(domainName).min(1, 'a forwarder needs at least one domain'),
            targets: z.array(ipv4Address).min(1, 'a forwarder needs at least one target'),
          }),
        )
        .optional(),
    })
    .default({}),
  vpn: z
    .strictObject({
      remoteCidrs: cidrList.default([]),
      remoteConnections: z.array(z.string().min(1)).default([]),
      dtsCidrs: cidrList.default(['100.104.0.0/16']),
      phase1LifetimeSeconds: positiveSeconds.default(28800),
      phase2LifetimeSeconds: positiveSeconds.default(3600),
      databasePorts: z.array(port).default([]),
    })
    .default({
      remoteCidrs: [],
      remoteConnections: [],
      dtsCidrs: ['100.104.0.0/16'],
      phase1LifetimeSeconds: 28800,
      phase2LifetimeSeconds: 3600,
      databasePorts: [],
    }),
  rules: z
    .record(
      z.string(),
      z.strictObject({ enabled: z.boolean().optional(), severity: z.enum(SEVERITIES).optional() }),
    )
    .default({}),
  suppressions: z
    .array(
      z.strictObject({
        ruleId: z.string(),
        resourceId: z.string().min(1),
        reason: z.string().min(1, 'a suppression needs a reason'),
        expires: isoDate.optional(),
        region: z.string().optional(),
      }),
    )
    .default([]),
});

export type AuditConfig = z.output<typeof configSchema>;
export type AuditConfigInput = z.input<typeof configSchema>;
