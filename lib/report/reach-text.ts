/** The people's form of a reachability answer (`hna reach --format text`). */
import type { FlowDescription } from '../network/flow-set.js';
import type { HopReport, ReachAnswer } from '../network/reach.js';
import { portRangeText } from '../vocabulary/port-ranges.js';

function flows(descriptions: readonly FlowDescription[], side: string, protocol: string): string {
  return descriptions.map((d) => `${protocol} ${d.ports} ${side} ${d.cidrs.join(', ')}`).join('; ');
}

/** The longest hop name, `tgw-attachment-az`, and a space. */
const HOP_WIDTH = 18;

function hopLine(hop: HopReport): string[] {
  const where = hop.table ?? hop.acl ?? (hop.groups ?? []).join(', ');
  const decided = hop.routes ?? hop.entries ?? [];
  const lines = [
    `  ${hop.hop.padEnd(HOP_WIDTH)} ${hop.verdict.padEnd(11)} ${where}${decided.length > 0 ? `: ${decided.join('; ')}` : ''}`,
  ];
  for (const part of hop.closed) lines.push(`  ${''.padEnd(HOP_WIDTH)} ${''.padEnd(11)} closed: ${part.by}`);
  // Problems behind the first one: fixing that one alone would not open the path.
  for (const part of hop.alsoCloses ?? [])
    lines.push(`  ${''.padEnd(HOP_WIDTH)} ${''.padEnd(11)} also closes: ${part.by}`);
  for (const note of hop.notes ?? []) lines.push(`  ${''.padEnd(HOP_WIDTH)} ${''.padEnd(11)} note: ${note}`);
  return lines;
}

export function formatReachText(
  heading: string,
  verdict: string,
  answers: readonly ReachAnswer[],
  side: 'from' | 'to',
  unknown: readonly string[] = [],
  protocol = 'tcp',
): string {
  const lines = [`${verdict}: ${heading}`];
  for (const answer of answers) {
    lines.push('', `${answer.subnet}: ${answer.verdict}`);
    for (const hop of answer.hops) lines.push(...hopLine(hop));
    if (answer.closed.length > 0) lines.push(`  closed flows: ${flows(answer.closed, side, protocol)}`);
    if (answer.portsClosedForEveryAddress.length > 0) {
      lines.push(
        `  closed for every address: ${protocol} ${answer.portsClosedForEveryAddress.map(portRangeText).join(', ')}`,
      );
    }
  }
  for (const reason of unknown) lines.push(`unknown: ${reason}`);
  return `${lines.join('\n')}\n`;
}
