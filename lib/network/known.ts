/**
 * What the snapshot cannot tell, as a value: a lookup answers either what it found or what is
 * missing. The engine combines these hop by hop (the first missing piece wins) and exactly one
 * place — the rules' reach findings, `couldNotTell` — turns a missing piece into NOT_AVAILABLE
 * naming it. Never an exception: a `catch` that meant "unknown" would also swallow a defect.
 */
export type Known<T> = { readonly known: true; readonly value: T } | Unknown;

export interface Unknown {
  readonly known: false;
  /** What the snapshot lacks, as the finding will say it ("the routes of tgw-rtb-… are not in the snapshot"). */
  readonly missing: string;
}

export function known<T>(value: T): Known<T> {
  return { known: true, value };
}

export function unknown(missing: string): Unknown {
  return { known: false, missing };
}
