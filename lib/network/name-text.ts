/** Name answers in words, once: what findings say about a resolution (names.ts). */
import type { NameAnswer, NameEntry } from './names.js';

/** The entries of an answer, as evidence says them. */
export function describeEntries(by: readonly NameEntry[]): string {
  return by
    .map((entry) => {
      switch (entry.kind) {
        case 'endpoint-specific':
          return `the endpoint-specific name of ${entry.endpoint} (public DNS answers its private addresses)`;
        case 'private-dns':
          return `the private DNS of ${entry.endpoint} (${entry.domain}) in ${entry.vpc}`;
        case 'zone':
          return `private hosted zone ${entry.zoneName} (${entry.zone})${entry.record ? ` record ${entry.record}` : ' (no record for the name)'}`;
        case 'rule':
          return `Resolver rule ${entry.rule} (${entry.ruleType} ${entry.domain})`;
        case 'public':
          return `no private zone, Resolver rule or endpoint private DNS covers ${entry.name} (public DNS answers)`;
      }
      return '';
    })
    .join(', then ');
}

/** The answer in words: "leads to vpce-… through …". */
export function describeAnswer(name: string, answer: NameAnswer): string {
  const through = answer.by.length > 0 ? ` through ${describeEntries(answer.by)}` : '';
  switch (answer.answer) {
    case 'endpoint':
      return `${name} resolves to ${answer.endpoint.endpoint.VpcEndpointId}${answer.endpoint.addresses.length > 0 ? ` (${answer.endpoint.addresses.join(', ')})` : ''}${through}`;
    case 'addresses':
      return `${name} resolves to ${answer.addresses.join(', ')}, no endpoint the audited accounts hold,${through}`;
    case 'forwarded':
      return `${name} is forwarded to ${answer.targets.join(', ') || 'no target'}${through}`;
    case 'nxdomain':
      return `${name} answers NXDOMAIN${through}`;
    case 'public':
      return `${name} resolves to public addresses${through}`;
    case 'unknown':
      return `${name} cannot be resolved from the snapshots: ${answer.missing}`;
  }
}
