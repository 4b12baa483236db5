/**
 * The collector makes no call that is not needed: N items of a paginated type
 * cost ceil(N / largest page size) calls. The fake below pages exactly as EC2
 * does, honouring MaxResults and NextToken, and refuses pages that are too big.
 */
import { DescribeSubnetsCommand, DescribeVpnConnectionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { collectEc2 } from '../../lib/collect/ec2.js';
import { CollectionLog } from '../../lib/collect/log.js';
import { fakePagingEc2, minimumCalls } from '../support/paging-ec2.js';

describe('collectEc2 call counts', () => {
  it.each([10, 100, 1000, 2500])('makes the minimum number of calls for %i items of each type', async (n) => {
    // Prepare
    const { ec2, interfaces, vpcsWithInterfaceEndpoints } = fakePagingEc2(n);
    const log = new CollectionLog();

    // Act
    const inventory = await collectEc2(new EC2Client({ region: 'eu-west-1' }), 'eu-west-1', log);

    // Assess
    expect(log.errors).toEqual([]);
    expect(log.callCounts()).toEqual(minimumCalls(n, interfaces.length, vpcsWithInterfaceEndpoints));
    expect(inventory.Subnets).toHaveLength(n);
    expect(inventory.NetworkInterfaces).toHaveLength(interfaces.length);
    expect(inventory.ManagedPrefixLists?.find((l) => l.PrefixListId === 'pl-1')?.Entries).toHaveLength(150);
    expect(inventory.ManagedPrefixLists?.find((l) => l.PrefixListId === 'pl-2')).not.toHaveProperty(
      'Entries',
    );
    ec2.restore();
  });

  it('leaves out exactly the list whose call failed, and records it', async () => {
    const ec2 = mockClient(EC2Client);
    ec2.onAnyCommand().resolves({});
    ec2
      .on(DescribeSubnetsCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded' }));
    const log = new CollectionLog();
    const inventory = await collectEc2(new EC2Client({ region: 'eu-west-1' }), 'eu-west-1', log);
    expect(inventory).not.toHaveProperty('Subnets');
    expect(inventory.Vpcs).toEqual([]);
    expect(log.errors).toMatchObject([
      { region: 'eu-west-1', service: 'ec2', operation: 'DescribeSubnets', code: 'RequestLimitExceeded' },
    ]);
    ec2.restore();
  });
});

describe('VPN secrets', () => {
  it('never copies pre-shared keys or the customer gateway configuration into the snapshot', async () => {
    const ec2 = mockClient(EC2Client);
    ec2.onAnyCommand().resolves({});
    ec2.on(DescribeVpnConnectionsCommand).resolves({
      VpnConnections: [
        {
          VpnConnectionId: 'vpn-1',
          CustomerGatewayConfiguration:
            '<vpn_connection><pre_shared_key>s3cret</pre_shared_key></vpn_connection>',
          Options: {
            StaticRoutesOnly: true,
            TunnelOptions: [
              { OutsideIpAddress: '198.51.100.1', PreSharedKey: 's3cret', Phase1LifetimeSeconds: 28800 },
            ],
          },
        },
      ],
    });
    const inventory = await collectEc2(
      new EC2Client({ region: 'eu-west-1' }),
      'eu-west-1',
      new CollectionLog(),
    );
    expect(JSON.stringify(inventory)).not.toContain('s3cret');
    expect(inventory.VpnConnections?.[0]?.Options?.TunnelOptions?.[0]).toEqual({
      OutsideIpAddress: '198.51.100.1',
      Phase1LifetimeSeconds: 28800,
    });
    ec2.restore();
  });
});
