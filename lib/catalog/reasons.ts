/**
 * Why a finding has its status, as a code with data (as typescript-eslint's `messageId` and
 * `data`): tests assert the code and the values; the sentence a person reads is rendered from
 * them here, once per code, and tested once per code (test/catalog/reasons.test.ts).
 */

/** One closed path: the source network, the subnet it was asked of, and what closed it. */
export interface ClosedPath {
  network: string;
  subnet: string;
  verdict: string;
  by: string[];
}

interface PathNotes {
  /** Source networks that reach nothing and were set aside as networks of other uses. */
  setAside?: string[];
  /** The source networks, when they were inferred from the VPC's routes rather than configured. */
  inferred?: string[];
}

function notes(data: PathNotes): string {
  const setAside =
    data.setAside && data.setAside.length > 0
      ? `; ${data.setAside.join(', ')} have no access at all and are taken as networks of other uses (configure the source networks to judge them)`
      : '';
  const inferred = data.inferred
    ? ` (source networks inferred from VPN/TGW routes: ${data.inferred.join(', ')})`
    : '';
  return `${setAside}${inferred}`;
}

export const REASONS = {
  /** What the snapshot lacks for a path: the answer is unknown. */
  'path.unknown': (data: { question: string; missing: string[] }) =>
    `cannot judge ${data.question}: ${data.missing.join('; ')}`,
  /** Every source network reaches the target: the entries that allow it. */
  'path.open': (data: { question: string; networks: string[]; allowedBy: string } & PathNotes) =>
    `${data.question} is open from ${data.networks.join(', ')} (${data.allowedBy})${notes(data)}`,
  /** Some flows are closed: each closed path with the entries (or absences) that close it. */
  'path.closed': (
    data: {
      question: string;
      closed: ClosedPath[];
      /** The refused answer ports, when they are all below 32768 (a WARNING, not a failure). */
      lowAnswerPorts?: string;
      /** What the rule adds (an outdated port range, a hint). */
      extra?: string;
    } & PathNotes,
  ) =>
    `${data.question}: ${data.closed
      .map((path) => `${path.network} -> ${path.subnet}: ${path.verdict} (${path.by.join('; ')})`)
      .join('; ')}${
      data.lowAnswerPorts
        ? `; only answers on ports ${data.lowAnswerPorts} are refused, below 32768 where no common client OS picks its ephemeral ports`
        : ''
    }${data.extra ? `; ${data.extra}` : ''}${notes(data)}`,
} as const;

export type ReasonCode = keyof typeof REASONS;
export type ReasonData<C extends ReasonCode> = Parameters<(typeof REASONS)[C]>[0];
export type Reason = { [C in ReasonCode]: { code: C; data: ReasonData<C> } }[ReasonCode];

/** A finding's reason and the evidence rendered from it. */
export function because<C extends ReasonCode>(
  code: C,
  data: ReasonData<C>,
): { reason: Reason; evidence: string } {
  const render = REASONS[code] as (data: ReasonData<C>) => string;
  return { reason: { code, data } as Reason, evidence: render(data) };
}
