/**
 * The one audit pipeline under every entry point: the command line, the scheduled worker and
 * the Config rule all judge through `auditSnapshots` (snapshots in) or `auditAccount` (a target
 * in: collected, then judged), so one account gets one verdict whichever of them asks.
 *
 * The network is shared here and only here (inventory/shared-network.ts): the audited
 * snapshots with the run's network inventory (the network accounts' transit gateways and
 * Direct Connect, handed off by the dispatcher), each audited account judged with what the
 * others hold, every result kept in the account that owns its resource.
 */
import type { Rule } from '../catalog/rule.js';
import type { RegionalClients } from '../collect/collect.js';
import { collectSnapshot } from '../collect/collect.js';
import type { CollectionLog } from '../collect/log.js';
import type { AuditConfig } from '../config/schema.js';
import { shareNetwork } from '../inventory/shared-network.js';
import type { Snapshot } from '../inventory/types.js';
import { type AuditReport, combineReports, type Incremental, judgeSharedSnapshot } from './run-audit.js';

export interface AuditInputs {
  rules: readonly Rule[];
  config: AuditConfig;
  /** The moment of the audit: suppressions expire against it, and `generatedAt` states it. */
  now: Date;
  /**
   * Network accounts' inventory that is not audited here but carries the audited accounts'
   * paths (the run's hand-off). A snapshot of an audited account is left out of it: an
   * account's own collection is the complete one.
   */
  network?: readonly Snapshot[];
}

/**
 * Judges snapshots together: one report, each result in the account that owns its resource.
 * `incremental` (by audited snapshot) records what each evaluation reads, or carries the
 * results a change did not touch (hna plan's audit after the change).
 */
export function auditSnapshots(
  audited: readonly Snapshot[],
  inputs: AuditInputs,
  incremental?: readonly Incremental[],
): AuditReport {
  if (audited.length === 0) throw new Error('auditSnapshots needs at least one snapshot');
  const own = new Set(audited.map((snapshot) => snapshot.accountId));
  const network = (inputs.network ?? []).filter((snapshot) => !own.has(snapshot.accountId));
  // Direct Connect gateways are global, listed once: every region's transit gateways see them,
  // and every account sees the hubs the others hold.
  const shared = shareNetwork([...audited, ...network]);
  const options = { rules: inputs.rules, config: inputs.config, now: inputs.now };
  return combineReports(
    shared
      .slice(0, audited.length)
      .map((snapshot, index) =>
        judgeSharedSnapshot(snapshot, { ...options, accounts: shared }, incremental?.[index]),
      ),
  );
}

/** One snapshot: the report of its account (the common case of the tests and benchmarks). */
export function runAudit(snapshot: Snapshot, inputs: AuditInputs): AuditReport {
  return auditSnapshots([snapshot], inputs);
}

/** What to collect of one account. */
export interface AccountTarget {
  accountId: string;
  partition: string;
  regions: readonly string[];
}

/** Reads an account's inventory: the real collection, or a fixed snapshot in a test. */
export type Collector = (target: AccountTarget, log: CollectionLog, now: Date) => Promise<Snapshot>;

/** The collection through real (or emulated) SDK clients. */
export function collectorOf(clients: RegionalClients): Collector {
  return (target, log, now) =>
    collectSnapshot({
      clients,
      regions: target.regions,
      accountId: target.accountId,
      partition: target.partition,
      log,
      now,
    });
}

/** A target in, its snapshot and its report out: collected, then judged with the run's network. */
export async function auditAccount(
  target: AccountTarget,
  deps: AuditInputs & { collect: Collector; log: CollectionLog },
): Promise<{ snapshot: Snapshot; report: AuditReport }> {
  const snapshot = await deps.collect(target, deps.log, deps.now);
  return { snapshot, report: auditSnapshots([snapshot], deps) };
}
