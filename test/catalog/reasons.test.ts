/** Each reason code renders its sentence from its data: tested here once per code, so rule tests assert codes and data. */
import { describe, expect, it } from 'vitest';
import { because, REASONS, type ReasonCode } from '../../lib/catalog/reasons.js';

const QUESTION = 'TCP 1024-1064 to vpce-0b1 (subnet-0a)';

const CASES: { [C in ReasonCode]: { data: Parameters<(typeof REASONS)[C]>[0]; sentence: string }[] } = {
  'path.unknown': [
    {
      data: {
        question: QUESTION,
        missing: ['the routes of rtb-1 are not in the snapshot', 'sg-2 is not in the snapshot'],
      },
      sentence: `cannot judge ${QUESTION}: the routes of rtb-1 are not in the snapshot; sg-2 is not in the snapshot`,
    },
  ],
  'path.open': [
    {
      data: {
        question: QUESTION,
        networks: ['10.20.0.0/16'],
        allowedBy: 'sg-1 tcp 1024-1064 from 10.20.0.0/16',
      },
      sentence: `${QUESTION} is open from 10.20.0.0/16 (sg-1 tcp 1024-1064 from 10.20.0.0/16)`,
    },
    {
      data: {
        question: QUESTION,
        networks: ['10.20.0.0/16'],
        allowedBy: 'sg-1',
        setAside: ['172.16.0.0/16'],
        inferred: ['10.20.0.0/16', '172.16.0.0/16'],
      },
      sentence: `${QUESTION} is open from 10.20.0.0/16 (sg-1); 172.16.0.0/16 have no access at all and are taken as networks of other uses (configure the source networks to judge them) (source networks inferred from VPN/TGW routes: 10.20.0.0/16, 172.16.0.0/16)`,
    },
  ],
  'path.closed': [
    {
      data: {
        question: QUESTION,
        closed: [
          { network: '10.20.0.0/16', subnet: 'subnet-0a', verdict: 'partial', by: ['no rule', 'a deny'] },
        ],
      },
      sentence: `${QUESTION}: 10.20.0.0/16 -> subnet-0a: partial (no rule; a deny)`,
    },
    {
      data: {
        question: QUESTION,
        closed: [
          { network: '10.20.0.0/16', subnet: 'subnet-0a', verdict: 'partial', by: ['x'] },
          { network: '10.30.0.0/16', subnet: 'subnet-0b', verdict: 'blocked', by: ['y'] },
        ],
        lowAnswerPorts: '1024-32767',
        extra: 'the group follows the outdated range',
      },
      sentence: `${QUESTION}: 10.20.0.0/16 -> subnet-0a: partial (x); 10.30.0.0/16 -> subnet-0b: blocked (y); only answers on ports 1024-32767 are refused, below 32768 where no common client OS picks its ephemeral ports; the group follows the outdated range`,
    },
  ],
};

describe('reason codes', () => {
  it('every code has its sentence tested', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(REASONS).sort());
  });

  for (const [code, cases] of Object.entries(CASES) as [ReasonCode, { data: never; sentence: string }[]][])
    it.each(cases)(`${code}: %#`, ({ data, sentence }) => {
      const { reason, evidence } = because(code, data);
      expect(reason).toEqual({ code, data });
      expect(evidence).toBe(sentence);
    });
});
