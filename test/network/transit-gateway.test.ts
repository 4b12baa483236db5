/**
 * Transit gateway hops (docs/design/network-semantics.md, "Beyond the VPC"): a table per clause,
 * each with the case that holds and the one that does not.
 */
import { describe, expect, it } from 'vitest';
import { NetworkIndex } from '../../lib/network/network-index.js';
import { reach } from '../../lib/network/reach.js';
import { inventory, type Spec, TARGET } from '../support/transit-fixture.js';

function ask(spec: Spec = {}) {
  return reach(
    {
      direction: 'inbound',
      sources: ['10.20.0.0/16'],
      ports: { from: 443, to: 443 },
      subnetId: TARGET,
      securityGroupIds: ['sg-1'],
    },
    new NetworkIndex(inventory(spec)),
  );
}

const hop = (answer: ReturnType<typeof ask>, name: string) => answer.hops.find((h) => h.hop === name);

describe('through a transit gateway the snapshot holds', () => {
  it('is open when both tables route both ways and the attachment has the target zone', () => {
    const answer = ask();
    expect(answer.verdict).toBe('open');
    expect(answer.hops.map((h) => h.hop)).toEqual([
      'route',
      'tgw-return-route',
      'tgw-route',
      'tgw-attachment-az',
      'nacl-inbound',
      'nacl-outbound',
      'security-groups',
    ]);
    expect(hop(answer, 'tgw-return-route')).toMatchObject({
      verdict: 'open',
      routes: ['10.20.0.0/16 -> tgw-attach-onprem'],
    });
    expect(hop(answer, 'tgw-route')).toMatchObject({
      verdict: 'open',
      routes: ['10.50.0.0/16 -> tgw-attach-spoke'],
    });
  });

  it('is blocked by a blackhole in the VPC attachment’s table (the answers)', () => {
    const answer = ask({ spokes: [['10.20.0.0/16', 'blackhole']] });
    expect(answer.verdict).toBe('blocked');
    expect(hop(answer, 'tgw-return-route')?.closed[0]?.by).toBe('tgw-rtb-spokes: 10.20.0.0/16 -> blackhole');
  });

  it('is partial when the answers reach only part of a source network', () => {
    const answer = ask({
      spokes: [
        ['10.20.0.0/17', 'tgw-attach-onprem'],
        ['10.20.128.0/17', 'blackhole'],
      ],
    });
    expect(answer.verdict).toBe('partial');
    expect(answer.closed).toEqual([{ ports: '443', cidrs: ['10.20.128.0/17'] }]);
  });

  it('is blocked when the entering attachment’s table has no route to the VPC, or sends it elsewhere', () => {
    const none = ask({ onPremises: [['10.60.0.0/16', 'tgw-attach-spoke']] });
    expect(none.verdict).toBe('blocked');
    expect(hop(none, 'tgw-route')?.closed[0]?.by).toBe('no route to 10.50.1.0/24 in tgw-rtb-onprem');
    const elsewhere = ask({ onPremises: [['10.50.0.0/16', 'tgw-attach-other']] });
    expect(hop(elsewhere, 'tgw-route')?.closed[0]?.by).toBe(
      'tgw-rtb-onprem: 10.50.0.0/16 -> tgw-attach-other (not tgw-attach-spoke)',
    );
    const blackhole = ask({
      onPremises: [
        ['10.50.1.0/24', 'blackhole'],
        ['10.50.0.0/16', 'tgw-attach-spoke'],
      ],
    });
    expect(blackhole.verdict).toBe('blocked');
  });

  it('is blocked when the VPC attachment has no subnet in the target’s zone', () => {
    const answer = ask({ attachmentZone: 'eu-west-1b' });
    expect(answer.verdict).toBe('blocked');
    expect(hop(answer, 'tgw-attachment-az')?.closed[0]?.by).toBe(
      'tgw-attach-spoke has no subnet in eu-west-1a, where subnet-target is',
    );
  });

  it('through a Direct Connect gateway, needs allowed prefixes that cover the VPC', () => {
    const entering = { type: 'direct-connect-gateway', resourceId: 'dxgw-1' };
    expect(ask({ entering, dxPrefixes: ['10.50.0.0/16'] }).verdict).toBe('open');
    const narrow = ask({ entering, dxPrefixes: ['10.50.0.0/24'] });
    expect(narrow.verdict).toBe('blocked');
    expect(hop(narrow, 'dx-allowed-prefixes')?.closed[0]?.by).toContain('do not cover 10.50.0.0/16');
    expect(ask({ entering, dxPrefixes: 'not collected' }).verdict).toBe('unknown');
  });

  it('is blocked when the entering attachment is associated with no table (every association read)', () => {
    const answer = ask({ enteringUnassociated: 'known' });
    expect(answer.verdict).toBe('blocked');
    expect(hop(answer, 'tgw-route')?.closed[0]?.by).toBe(
      'tgw-attach-onprem is associated with no route table of tgw-hub: its traffic is dropped',
    );
    // Without the tables' association lists, that cannot be told: unknown, never open.
    expect(ask({ enteringUnassociated: 'unknown' }).verdict).toBe('unknown');
  });

  it('is blocked when the VPC attachment does not forward (pending acceptance by the hub’s owner)', () => {
    const answer = ask({ spokeState: 'pendingAcceptance' });
    expect(answer.verdict).toBe('blocked');
    expect(hop(answer, 'tgw-route')?.closed[0]?.by).toBe('tgw-attach-spoke is pendingAcceptance');
    expect(ask({ spokeState: 'modifying' }).verdict).toBe('open');
  });

  describe('through an inspection VPC (appliance mode) between the spoke and the edge', () => {
    const inspected = (over: Partial<Spec> = {}) =>
      ask({
        spokes: [['0.0.0.0/0', 'tgw-attach-inspect']],
        inspection: {
          firewall: [
            ['10.50.0.0/16', 'tgw-attach-spoke'],
            ['10.20.0.0/16', 'tgw-attach-onprem'],
          ],
        },
        onPremises: [['0.0.0.0/0', 'tgw-attach-inspect']],
        ...over,
      });

    it('is open when the answers pass the firewall to the edge and the edge sends the traffic back through it', () => {
      const answer = inspected();
      expect(answer.verdict).toBe('open');
      expect(answer.hops.filter((h) => h.hop === 'tgw-return-route').map((h) => h.table)).toEqual([
        'tgw-rtb-spokes',
        'tgw-rtb-firewall',
      ]);
      expect(hop(answer, 'tgw-route')?.routes).toEqual([
        '0.0.0.0/0 -> tgw-attach-inspect',
        'tgw-rtb-firewall: 10.50.0.0/16 -> tgw-attach-spoke',
      ]);
    });

    it('judges the edge’s own table: a VPN table with no route is blocked, not passed through the firewall', () => {
      const answer = inspected({ onPremises: [['10.99.0.0/16', 'tgw-attach-spoke']] });
      expect(answer.verdict).toBe('blocked');
      expect(hop(answer, 'tgw-route')?.closed[0]?.by).toBe('no route to 10.50.1.0/24 in tgw-rtb-onprem');
    });

    it('is blocked when the firewall’s table does not send the answers on', () => {
      const answer = inspected({ inspection: { firewall: [['10.50.0.0/16', 'tgw-attach-spoke']] } });
      expect(answer.verdict).toBe('blocked');
      expect(answer.hops.find((h) => h.table === 'tgw-rtb-firewall')?.closed[0]?.by).toBe(
        'no route in tgw-rtb-firewall',
      );
    });
  });

  it('is unknown, never open, when a table’s routes are not in the snapshot', () => {
    const answer = ask({ spokeRoutesMissing: true });
    expect(answer.verdict).toBe('unknown');
    expect(answer.unknown?.[0]).toBe('the routes of tgw-rtb-spokes are not in the snapshot');
  });
});

describe('through a transit gateway the snapshot lacks', () => {
  it('keeps the opaque private path, and says so in the route hop', () => {
    const answer = ask({ withoutTransitGateway: true });
    expect(answer.verdict).toBe('open');
    expect(hop(answer, 'route')?.notes).toEqual([
      'transit gateway tgw-hub not in the snapshot: assumed to route privately',
    ]);
  });

  it('keeps it as well for a shared gateway whose route tables its owner holds (a member account’s view)', () => {
    const answer = ask({ sharedWithoutTables: true });
    expect(answer.verdict).toBe('open');
    expect(hop(answer, 'route')?.notes).toEqual([
      'the route tables of transit gateway tgw-hub (owned by 222222222222) are not in the snapshot: assumed to route privately',
    ]);
  });
});

describe('from a subnet that sends through a transit gateway the snapshot holds', () => {
  const send = (spec: Spec = {}) =>
    reach(
      {
        direction: 'outbound',
        destinations: ['10.20.0.0/16'],
        ports: { from: 443, to: 443 },
        subnetId: TARGET,
        securityGroupIds: ['sg-1'],
      },
      new NetworkIndex(inventory(spec)),
    );

  it('follows the request through the VPC attachment’s table and the answers back through the other', () => {
    const answer = send();
    expect(answer.verdict).toBe('open');
    expect(answer.hops.map((h) => h.hop).slice(0, 4)).toEqual([
      'route',
      'tgw-route',
      'tgw-return-route',
      'tgw-attachment-az',
    ]);
    expect(hop(answer, 'tgw-route')).toMatchObject({ routes: ['10.20.0.0/16 -> tgw-attach-onprem'] });
    expect(hop(answer, 'tgw-return-route')).toMatchObject({ routes: ['10.50.0.0/16 -> tgw-attach-spoke'] });
  });

  it('is blocked by a blackhole for the destination, named as the request’s route', () => {
    const answer = send({ spokes: [['10.20.0.0/16', 'blackhole']] });
    expect(answer.verdict).toBe('blocked');
    expect(hop(answer, 'tgw-route')?.closed[0]?.by).toBe('tgw-rtb-spokes: 10.20.0.0/16 -> blackhole');
  });

  it('is blocked when the answers find no route back to the subnet', () => {
    const answer = send({ onPremises: [['10.60.0.0/16', 'tgw-attach-spoke']] });
    expect(answer.verdict).toBe('blocked');
    expect(hop(answer, 'tgw-return-route')?.closed[0]?.by).toBe('no route to 10.50.1.0/24 in tgw-rtb-onprem');
  });
});

describe('equal-cost paths (several VPN attachments on one hub route)', () => {
  it('judges the table of every attachment the answers may take', () => {
    // The spokes' table sends the data centre to two attachments; the second one's table (tgw-rtb-other) has no route back.
    const ecmp = inventory({});
    const spokes = ecmp.ec2?.TransitGatewayRouteTables?.find(
      (t) => t.TransitGatewayRouteTableId === 'tgw-rtb-spokes',
    );
    const first = spokes?.Routes?.[0];
    if (first === undefined) throw new Error('the fixture lost its route');
    first.TransitGatewayAttachments = [
      { TransitGatewayAttachmentId: 'tgw-attach-onprem' },
      { TransitGatewayAttachmentId: 'tgw-attach-other' },
    ];
    const answer = reach(
      {
        direction: 'inbound',
        sources: ['10.20.0.0/16'],
        ports: { from: 443, to: 443 },
        subnetId: TARGET,
        securityGroupIds: ['sg-1'],
      },
      new NetworkIndex(ecmp),
    );
    expect(answer.hops.find((h) => h.hop === 'tgw-return-route')?.routes).toEqual([
      '10.20.0.0/16 -> tgw-attach-onprem, tgw-attach-other',
    ]);
    expect(answer.verdict).toBe('blocked');
    expect(answer.hops.flatMap((h) => h.closed.map((c) => c.by))).toContain(
      'no route to 10.50.1.0/24 in tgw-rtb-other',
    );
  });
});
