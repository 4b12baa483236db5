/**
 * Centralised interface endpoints (issue 31): a spoke whose drs and s3 endpoints live in the
 * network account's shared-services VPC, its names given by the network account's private hosted
 * zones. Each rule that needs "an endpoint for service X reachable from Y" is judged three ways:
 * both snapshots (PASSED), the spoke alone with the network account configured (NOT_AVAILABLE
 * naming the endpoint, never "locked out"), the path to the shared-services VPC blackholed (FAILED).
 * Sources: AWS PrivateLink Guide, "Access an AWS service using an interface VPC endpoint" —
 * https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html ; Route 53,
 * "Working with private hosted zones" —
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zones-private.html ; the
 * Amazon S3 bucket policies for VPC endpoints —
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html .
 */
import { describe, expect, it } from 'vitest';
import type { Rule, RuleResult } from '../../lib/catalog/rule.js';
import { agentInstallEndpoints } from '../../lib/rules/drs/agent-install-endpoints.js';
import { bucketPinnedToEndpoint } from '../../lib/rules/s3pl/bucket-pinned-to-endpoint.js';
import { interfaceEndpointPresent } from '../../lib/rules/s3pl/interface-endpoint-present.js';
import { interfaceEndpointReachable } from '../../lib/rules/s3pl/interface-endpoint-reachable.js';
import { policyEndpointsExist } from '../../lib/rules/s3pl/policy-endpoints-exist.js';
import { evaluate } from '../support/fixtures.js';
import { IDS, NET_IDS } from '../support/landing-zone.js';
import {
  CENTRAL_CONFIG,
  centralisedSpoke,
  centralNetwork,
  centralNetworkAcrossTransit,
} from '../support/shared-endpoints.js';

const BUCKET = 'acme-veeam-backups';

function one(rule: Rule, snapshots: Parameters<typeof evaluate>[1], resourceId: string): RuleResult {
  const result = evaluate(rule, snapshots, CENTRAL_CONFIG).find((r) => r.resourceId === resourceId);
  if (result === undefined) throw new Error(`${rule.id} reported nothing on ${resourceId}`);
  return result;
}

const both = () => [centralisedSpoke(), centralNetwork()];
const spokeAlone = () => [centralisedSpoke()];
const blackholed = () => [centralisedSpoke(), centralNetwork({ blackholed: true })];

describe.each([
  { rule: interfaceEndpointPresent, resource: BUCKET },
  { rule: interfaceEndpointReachable, resource: NET_IDS.centralS3 },
  { rule: agentInstallEndpoints, resource: IDS.vpc },
])('$rule.id with the endpoint centralised in the network account', ({ rule, resource }) => {
  it('passes with both snapshots, naming the endpoint and the name that leads there', () => {
    const result = one(rule, both(), resource);
    expect(result.status, result.evidence).toBe('PASSED');
    expect(result.evidence).toMatch(/vpce-0b2c3d4e5f6a7010[12]/);
    expect(result.evidence).toMatch(/private hosted zone|endpoint-specific name/);
  });

  it('is NOT_AVAILABLE, naming what was not found, when the spoke is audited alone', () => {
    const result = one(rule, spokeAlone(), resource);
    expect(result.status, result.evidence).toBe('NOT_AVAILABLE');
    expect(result.evidence).toContain('not found in the audited accounts');
    expect(result.evidence).toContain(NET_IDS.account);
  });

  it('fails when the path to the shared-services VPC is blackholed', () => {
    const result = one(rule, blackholed(), resource);
    expect(result.status, result.evidence).toBe('FAILED');
    expect(result.evidence).toContain('blackhole');
  });
});

describe('the bucket pinned to the centralised endpoint', () => {
  it('S3PL.4: the pinned endpoint exists in the network account (both snapshots)', () => {
    const result = one(policyEndpointsExist, both(), BUCKET);
    expect(result.status, result.evidence).toBe('PASSED');
    expect(result.evidence).toContain(
      `${NET_IDS.centralS3} (S3 endpoint, available in account ${NET_IDS.account})`,
    );
  });

  it('S3PL.4: the spoke alone is NOT_AVAILABLE naming the endpoint — never CRITICAL "locked out"', () => {
    const result = one(policyEndpointsExist, spokeAlone(), BUCKET);
    expect(result.status, result.evidence).toBe('NOT_AVAILABLE');
    expect(result.evidence).toContain(`${NET_IDS.centralS3}, not found in the audited accounts`);
    expect(result.evidence).not.toContain('locked out');
  });

  it('S3PL.4: without network accounts configured, an id no snapshot holds still does not exist', () => {
    const result = evaluate(policyEndpointsExist, spokeAlone(), {
      ...CENTRAL_CONFIG,
      networkAccounts: [],
    }).find((r) => r.resourceId === BUCKET);
    expect(result?.status).toBe('FAILED');
    expect(result?.evidence).toContain(`${NET_IDS.centralS3} does not exist in eu-west-1`);
  });

  it('S3PL.3: pinned to the centralised endpoint (both snapshots), NOT_AVAILABLE alone', () => {
    expect(one(bucketPinnedToEndpoint, both(), BUCKET).status).toBe('PASSED');
    const alone = one(bucketPinnedToEndpoint, spokeAlone(), BUCKET);
    expect(alone.status, alone.evidence).toBe('NOT_AVAILABLE');
    expect(alone.evidence).toContain(NET_IDS.centralS3);
  });
});

/**
 * The reference pattern: the shared-services VPC reached across the network account's transit
 * gateway (the data centre enters by the Direct Connect gateway's attachment; hub-on-premises
 * routes 10.70.0.0/16 to the shared-services attachment). Source: AWS whitepaper "Building a
 * Scalable and Secure Multi-VPC AWS Network Infrastructure", "Centralized access to VPC private
 * endpoints" —
 * https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/centralized-access-to-vpc-private-endpoints.html ;
 * Transit gateway route tables (blackhole routes) —
 * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html .
 */
describe.each([
  { rule: interfaceEndpointPresent, resource: BUCKET },
  { rule: interfaceEndpointReachable, resource: NET_IDS.centralS3 },
  { rule: agentInstallEndpoints, resource: IDS.vpc },
])('$rule.id with the shared-services VPC reached across the transit gateway', ({ rule, resource }) => {
  it('passes with both snapshots and the transit path open, naming the endpoint', () => {
    const result = one(rule, [centralisedSpoke(), centralNetworkAcrossTransit()], resource);
    expect(result.status, result.evidence).toBe('PASSED');
    expect(result.evidence).toMatch(/vpce-0b2c3d4e5f6a7010[12]/);
    // The shared-services VPC answers the data centre through the hub, not a gateway of its own.
    expect(result.evidence).toContain(`10.20.0.0/16 -> ${NET_IDS.tgw}`);
  });

  it("fails when the hub's route to the shared-services block is a blackhole, naming it", () => {
    const result = one(
      rule,
      [centralisedSpoke(), centralNetworkAcrossTransit({ blackholed: true })],
      resource,
    );
    expect(result.status, result.evidence).toBe('FAILED');
    expect(result.evidence).toContain('blackhole');
    expect(result.evidence).toContain(NET_IDS.tableOnPremises);
  });

  it('fails as well when the hub has no route to the shared-services block: the transit path is what passes', () => {
    const network = centralNetworkAcrossTransit();
    const onPremises = network.regions?.['eu-west-1']?.ec2?.TransitGatewayRouteTables?.find(
      (t) => t.TransitGatewayRouteTableId === NET_IDS.tableOnPremises,
    );
    if (onPremises === undefined) throw new Error('the network account lost hub-on-premises');
    onPremises.Routes = (onPremises.Routes ?? []).filter((r) => r.DestinationCidrBlock !== '10.70.0.0/16');
    const result = one(rule, [centralisedSpoke(), network], resource);
    expect(result.status, result.evidence).toBe('FAILED');
    expect(result.evidence).toContain(NET_IDS.tableOnPremises);
  });
});
