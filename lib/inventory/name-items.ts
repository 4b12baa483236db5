/**
 * The item schemas of the name lists (issue 31): Route 53 Resolver endpoints with their
 * addresses, rules and their associations, and private hosted zones with their VPCs and records.
 * Checked on the fields name resolution reads (lib/network/names.ts), every other field kept.
 */
import { z } from 'zod';
import { bool, item, list, num, str, strList } from './items.js';

export const resolverEndpoint = item({
  Id: z.string(),
  Arn: str,
  Direction: str,
  HostVPCId: str,
  Status: str,
  SecurityGroupIds: strList,
  /** ListResolverEndpointIpAddresses .IpAddresses, added by the collector; absent when not read. */
  IpAddresses: list(item({ IpId: str, SubnetId: str, Ip: str, Ipv6: str, Status: str })),
});

export const resolverRule = item({
  Id: z.string(),
  Arn: str,
  DomainName: str,
  RuleType: str,
  Status: str,
  ResolverEndpointId: str,
  OwnerId: str,
  ShareStatus: str,
  TargetIps: list(item({ Ip: str, Ipv6: str, Port: num, Protocol: str })),
});

export const resolverRuleAssociation = item({
  Id: z.string(),
  ResolverRuleId: str,
  VPCId: str,
  Status: str,
  Name: str,
});

const resourceRecordSet = item({
  Name: z.string(),
  Type: z.string(),
  SetIdentifier: str,
  ResourceRecords: list(item({ Value: z.string() })),
  AliasTarget: item({ HostedZoneId: str, DNSName: str, EvaluateTargetHealth: bool }).optional(),
});

/** A private hosted zone (ListHostedZones) with its VPCs (GetHostedZone) and records (ListResourceRecordSets). */
export const hostedZone = item({
  Id: z.string(),
  Name: z.string(),
  Config: item({ PrivateZone: bool, Comment: str }).optional(),
  /** GetHostedZone .VPCs, added by the collector; absent when not read. */
  VPCs: list(item({ VPCRegion: str, VPCId: str })),
  /** ListResourceRecordSets .ResourceRecordSets, added by the collector; absent when not read. */
  ResourceRecordSets: list(resourceRecordSet),
});
