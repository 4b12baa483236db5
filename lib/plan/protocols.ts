/** Protocol spellings: Terraform's, the EC2 API's security group `IpProtocol`, and network ACL entries' numbers. */

/** Terraform's spellings of a protocol, and the EC2 API's `IpProtocol` for each (one table, both ways). */
export const PROTOCOLS: readonly { terraform: readonly string[]; api: string }[] = [
  { terraform: ['tcp', '6'], api: 'tcp' },
  { terraform: ['udp', '17'], api: 'udp' },
  { terraform: ['icmp', '1'], api: 'icmp' },
  { terraform: ['icmpv6', '58'], api: 'icmpv6' },
  { terraform: ['-1', 'all'], api: '-1' },
];

/** A network ACL entry's protocol as the API writes it: the IANA number, `-1` for all. */
export function aclProtocol(terraform: string): string | undefined {
  const api = apiProtocol(terraform);
  if (api === undefined) return /^\d+$/.test(terraform) ? terraform : undefined;
  return { tcp: '6', udp: '17', icmp: '1', icmpv6: '58', '-1': '-1' }[api];
}

export function apiProtocol(terraform: string): string | undefined {
  return PROTOCOLS.find((p) => p.terraform.includes(terraform.toLowerCase()))?.api;
}

export function terraformProtocol(api: string): string | undefined {
  return PROTOCOLS.find((p) => p.api === api)?.terraform[0];
}
