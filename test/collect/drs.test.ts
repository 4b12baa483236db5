import {
  DescribeReplicationConfigurationTemplatesCommand,
  DescribeSourceServersCommand,
  DrsClient,
  GetReplicationConfigurationCommand,
} from '@aws-sdk/client-drs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { collectDrs } from '../../lib/collect/drs.js';
import { CollectionLog } from '../../lib/collect/log.js';

// @aws-sdk/client-drs@3.523.0 is typed against older @smithy/types than aws-sdk-client-mock
// expects; the runtime is the same, so the cast is confined to this line.
const drs = mockClient(DrsClient as unknown as Parameters<typeof mockClient>[0]);
// The unit project shares modules between files (isolate: false): leave the client real.
afterAll(() => drs.restore());
const client = () => new DrsClient({ region: 'eu-west-1' });
const error = (name: string) => Object.assign(new Error(name), { name });

describe('collectDrs', () => {
  beforeEach(() => drs.reset());

  it('pages templates and servers at 1000 and reads each server configuration', async () => {
    // Prepare: 1,500 source servers over two pages
    const ids = Array.from({ length: 1500 }, (_, i) => `s-${String(i).padStart(17, '0')}`);
    drs
      .on(DescribeSourceServersCommand as never, { maxResults: 1000, nextToken: undefined } as never)
      .resolves({
        items: ids.slice(0, 1000).map((sourceServerID) => ({ sourceServerID })),
        nextToken: 't2',
      } as never)
      .on(DescribeSourceServersCommand as never, { maxResults: 1000, nextToken: 't2' } as never)
      .resolves({ items: ids.slice(1000).map((sourceServerID) => ({ sourceServerID })) } as never);
    drs.on(DescribeReplicationConfigurationTemplatesCommand as never).resolves({
      items: [{ replicationConfigurationTemplateID: 'rct-1', dataPlaneRouting: 'PRIVATE_IP' }],
    } as never);
    drs
      .on(GetReplicationConfigurationCommand as never)
      .callsFake(async (input: { sourceServerID: string }) => ({
        $metadata: {},
        sourceServerID: input.sourceServerID,
        stagingAreaSubnetId: 'subnet-1',
      }));
    const log = new CollectionLog();
    // Act
    const inventory = await collectDrs(client(), 'eu-west-1', log);
    // Assess
    expect(inventory.SourceServers).toHaveLength(1500);
    expect(inventory.ReplicationConfigurations).toHaveLength(1500);
    expect(inventory.ReplicationConfigurations?.[0]).toEqual({
      sourceServerID: ids[0],
      stagingAreaSubnetId: 'subnet-1',
    });
    expect(inventory.ReplicationConfigurationTemplates).toHaveLength(1);
    expect(log.callCounts()).toEqual({
      'drs:DescribeReplicationConfigurationTemplates': 1,
      'drs:DescribeSourceServers': 2,
      'drs:GetReplicationConfiguration': 1500,
    });
  });

  it('records DRS that was never initialized as empty lists, not as an error', async () => {
    drs.on(DescribeSourceServersCommand as never).rejects(error('UninitializedAccountException'));
    drs
      .on(DescribeReplicationConfigurationTemplatesCommand as never)
      .rejects(error('UninitializedAccountException'));
    const log = new CollectionLog();
    const inventory = await collectDrs(client(), 'eu-west-1', log);
    expect(inventory).toEqual({
      ReplicationConfigurationTemplates: [],
      SourceServers: [],
      ReplicationConfigurations: [],
    });
    expect(log.errors).toEqual([]);
  });

  it('records access denied and leaves the lists absent', async () => {
    drs.on(DescribeSourceServersCommand as never).rejects(error('AccessDeniedException'));
    drs.on(DescribeReplicationConfigurationTemplatesCommand as never).resolves({ items: [] } as never);
    const log = new CollectionLog();
    const inventory = await collectDrs(client(), 'eu-west-1', log);
    expect(inventory).toEqual({ ReplicationConfigurationTemplates: [] });
    expect(log.errors.map((e) => `${e.operation}:${e.code}`)).toEqual([
      'DescribeSourceServers:AccessDeniedException',
    ]);
  });

  it('records a failed GetReplicationConfiguration against its server', async () => {
    drs
      .on(DescribeSourceServersCommand as never)
      .resolves({ items: [{ sourceServerID: 's-1' }, { sourceServerID: 's-2' }] } as never);
    drs.on(DescribeReplicationConfigurationTemplatesCommand as never).resolves({ items: [] } as never);
    drs
      .on(GetReplicationConfigurationCommand as never, { sourceServerID: 's-1' } as never)
      .resolves({ sourceServerID: 's-1' } as never);
    drs
      .on(GetReplicationConfigurationCommand as never, { sourceServerID: 's-2' } as never)
      .rejects(error('ThrottlingException'));
    const log = new CollectionLog();
    const inventory = await collectDrs(client(), 'eu-west-1', log);
    expect(inventory.ReplicationConfigurations).toEqual([{ sourceServerID: 's-1' }]);
    expect(log.errors).toMatchObject([
      { operation: 'GetReplicationConfiguration', code: 'ThrottlingException', resourceId: 's-2' },
    ]);
  });
});
