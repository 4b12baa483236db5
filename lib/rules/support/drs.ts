/** The DRS replication settings a rule judges: every template and every per-server configuration. */

import type { ResourceRef, RuleContext } from '../../catalog/rule.js';
import type { DrsReplicationConfiguration, DrsTemplate } from '../../inventory/types.js';
import { resource } from '../resources.js';

export interface ReplicationSettings {
  ref: ResourceRef;
  /** "template rct-…" or "source server s-… (hostname)". */
  label: string;
  settings: DrsTemplate | DrsReplicationConfiguration;
}

export function replicationSettings(context: RuleContext): ReplicationSettings[] {
  const drs = context.inventory.drs;
  const servers = new Map((drs?.SourceServers ?? []).map((server) => [server.sourceServerID, server]));
  return [
    ...(drs?.ReplicationConfigurationTemplates ?? []).map((template) => ({
      ref: resource.drsTemplate(context, template.replicationConfigurationTemplateID, template.arn),
      label: `template ${template.replicationConfigurationTemplateID}`,
      settings: template,
    })),
    ...(drs?.ReplicationConfigurations ?? []).map((configuration) => ({
      ref: resource.drsSourceServer(
        context,
        configuration.sourceServerID,
        servers.get(configuration.sourceServerID)?.arn,
      ),
      label: `source server ${configuration.sourceServerID}${configuration.name ? ` (${configuration.name})` : ''}`,
      settings: configuration,
    })),
  ];
}

export const DRS_INPUTS = ['drs.ReplicationConfigurationTemplates', 'drs.ReplicationConfigurations'] as const;

/** DRS keeps its managed default group open on TCP 1500; the catalog takes that for granted and says so. */
export function defaultGroupPermission(settings: DrsTemplate | DrsReplicationConfiguration) {
  return settings.associateDefaultSecurityGroup
    ? [
        {
          label: 'the DRS-managed default replication group',
          cidrs: ['0.0.0.0/0', '::/0'],
          ports: { from: 1500, to: 1500 },
        },
      ]
    : [];
}

export function drsSources(context: RuleContext) {
  return context.config.drs.sourceCidrs ?? context.config.sourceCidrs;
}
