/**
 * The rule contract (docs/design/rules-catalog.md): one rule, one file, one id; a pure
 * function of the snapshot and the configuration.
 */

import type { AuditConfig } from '../config/schema.js';
import type { InventoryList } from '../inventory/lists.js';
import type { RegionInventory, Snapshot } from '../inventory/types.js';
import type { HopName } from '../network/question.js';
import { SCENARIOS, type Scenario } from '../vocabulary/scenarios.js';
import type { Severity } from '../vocabulary/severities.js';
import type { Reason } from './reasons.js';

export { SCENARIOS, type Scenario } from '../vocabulary/scenarios.js';
export { SEVERITIES, type Severity } from '../vocabulary/severities.js';

export const STATUSES = ['PASSED', 'WARNING', 'FAILED', 'NOT_APPLICABLE', 'NOT_AVAILABLE'] as const;
export type Status = (typeof STATUSES)[number];
/** What reports show: a rule's status, or SUPPRESSED when a live suppression matches. */
export type ReportStatus = Status | 'SUPPRESSED';
/**
 * ASFF resource types (Security Hub); `Other` where ASFF has none, as for VPC
 * endpoints and DataSync agents.
 */
export type ResourceType =
  | 'AwsAccount'
  | 'AwsEc2Vpc'
  | 'AwsEc2Subnet'
  | 'AwsEc2SecurityGroup'
  | 'AwsEc2RouteTable'
  | 'AwsEc2NetworkAcl'
  | 'AwsEc2VpnConnection'
  | 'AwsS3Bucket'
  | 'AwsRdsDbInstance'
  | 'AwsRdsDbCluster'
  | 'Other';

export interface ResourceRef {
  type: ResourceType;
  id: string;
  arn: string;
}

/** One hop of a reachability answer, as the HTML report draws it. */
export interface PathHop {
  hop: HopName;
  verdict: string;
  /** The hop and what it read: "route rtb-…", "ACL in acl-…". */
  label: string;
  /** What it read alone: the table, ACL, groups, attachment or gateway. */
  where: string;
  /** The entries that let flows through. */
  entries: string[];
  /** What closed flows at this hop: the deciding entry, or the absence of one. */
  closedBy: string[];
}

/** The reachability answers behind a result: one path per source network and target subnet. */
export interface PathDiagram {
  question: string;
  paths: { network: string; target: string; verdict: string; hops: PathHop[] }[];
}

/**
 * A concrete EC2 change that fixes a finding, as the EC2 API input that makes it; the
 * reports show it as the AWS CLI command (lib/report/aws-cli.ts).
 */
export interface FixCommand {
  operation:
    | 'AuthorizeSecurityGroupIngress'
    | 'AuthorizeSecurityGroupEgress'
    | 'CreateRoute'
    | 'ModifyVpcAttribute'
    | 'CreateVpnConnectionRoute'
    | 'ModifyVpnTunnelOptions';
  input: Record<string, unknown>;
}

/**
 * A fix command of a result: the region is the result's, so that every printed command
 * carries `--region` and runs where the resource is, whatever region the shell has.
 */
export interface RegionalFixCommand extends FixCommand {
  region: string;
}

/** What a rule's `evaluate` returns for one resource. */
export interface Finding {
  status: Status;
  resource: ResourceRef;
  /**
   * Which entries decided the status and the values compared; for PASSED, what was
   * checked and what allows it. Never empty: a verdict without its proof is no verdict.
   */
  evidence: string;
  /** Why, as a code with data, where the rule gives one: `evidence` is rendered from it. */
  reason?: Reason;
  /** One actionable line. Required for WARNING and FAILED. */
  remediation?: string;
  /** For reachability rules: the paths judged, hop by hop. */
  path?: PathDiagram;
  /** The EC2 changes that make the fix, where it is one (FAILED and WARNING only). */
  commands?: FixCommand[];
}

export interface RuleContext {
  snapshot: Snapshot;
  /**
   * Every snapshot of the audit, this one included (audited accounts and the run's network
   * hand-off, their network shared): where a rule looks up what another account owns and its
   * own snapshot names — a centralised endpoint, a private hosted zone, a Resolver rule
   * (inventory/shared-network.ts). Absent: this snapshot alone.
   */
  accounts?: readonly Snapshot[];
  region: string;
  inventory: RegionInventory;
  config: AuditConfig;
  accountId: string;
  partition: string;
}

export interface RuleDefinition {
  id: string;
  slug: string;
  title: string;
  severity: Severity;
  /** The official documentation page that states the requirement. */
  source: string;
  /** The snapshot lists the rule reads; any of them missing or failed makes it NOT_AVAILABLE. */
  inputs: readonly InventoryList[];
  evaluate(context: RuleContext): Finding[];
}

export interface Rule extends RuleDefinition {
  scenario: Scenario;
}

const ID_PATTERN = new RegExp(`^(${SCENARIOS.join('|')})\\.\\d+$`);
const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function defineRule(definition: RuleDefinition): Rule {
  const match = ID_PATTERN.exec(definition.id);
  if (!match) throw new Error(`rule id ${definition.id} does not match SCENARIO.N`);
  if (!SLUG_PATTERN.test(definition.slug))
    throw new Error(`rule ${definition.id}: slug ${definition.slug} is not kebab-case`);
  return { ...definition, scenario: match[1] as Scenario };
}

/** The result of one rule on one resource, as reports and the JSON output carry it. */
/** A result the rule could not judge (its inputs were missing), suppressed or not. */
export function notJudged(result: Pick<RuleResult, 'status' | 'suppressedStatus'>): boolean {
  return (result.suppressedStatus ?? result.status) === 'NOT_AVAILABLE';
}

export interface RuleResult {
  ruleId: string;
  slug: string;
  title: string;
  severity: Severity;
  status: ReportStatus;
  region: string;
  resourceType: ResourceType;
  resourceId: string;
  resourceArn: string;
  evidence?: string;
  /** The finding's reason code and data, when the rule gives one (the evidence is rendered from it). */
  reason?: Reason;
  remediation?: string;
  /** For reachability rules: the paths judged, hop by hop (drawn by the HTML report). */
  path?: PathDiagram;
  /** The EC2 changes that make the fix, in the result's region (the reports show them as AWS CLI commands). */
  commands?: RegionalFixCommand[];
  source: string;
  /** The rule's own verdict when a suppression replaced it by SUPPRESSED. */
  suppressedStatus?: Status;
  /** The account that owns the resource, when several accounts are audited together. */
  accountId?: string;
  suppressionReason?: string;
}
