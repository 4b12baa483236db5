/**
 * What a JSON document given as a snapshot is, when it is plainly something else: the
 * files people have at hand beside their snapshots (the project's package.json, an hna
 * report, findings, a plan, a configuration). The message then says what the file is
 * and what was expected, instead of a complaint about its first unexpected field.
 */
const has = (document: Record<string, unknown>, ...keys: string[]) => keys.every((key) => key in document);

export function otherDocumentKind(document: unknown): string | undefined {
  if (Array.isArray(document)) {
    const first = document[0] as Record<string, unknown> | undefined;
    if (first && typeof first === 'object') {
      if (has(first, 'SchemaVersion', 'ProductArn')) return 'Security Hub findings (hna audit --format asff)';
      if (has(first, 'class_uid', 'metadata')) return 'OCSF events (hna audit --format ocsf)';
    }
    return undefined;
  }
  if (document === null || typeof document !== 'object') return undefined;
  const record = document as Record<string, unknown>;
  if (has(record, 'results', 'summary', 'generatedAt')) return 'an hna report (hna audit --format json)';
  if (has(record, 'fixes') || has(record, 'unfixed')) return 'an hna fix report';
  if (has(record, 'format_version', 'terraform_version'))
    return 'a Terraform plan or state (give a plan to hna plan --terraform-plan)';
  if ('AWSTemplateFormatVersion' in record || ('Resources' in record && !('regions' in record)))
    return 'a CloudFormation template (give it to hna plan --cloudformation)';
  if (has(record, 'name') && ('dependencies' in record || 'devDependencies' in record || 'scripts' in record))
    return 'an npm package manifest (package.json)';
  if (
    !('regions' in record) &&
    ['sourceCidrs', 'suppressions', 'vpn', 'drs', 'dataSync', 'rules', 'ephemeralPorts'].some(
      (key) => key in record,
    )
  )
    return 'an hna configuration (give it to --config)';
  if (has(record, 'Findings') && Array.isArray(record.Findings))
    return 'Security Hub findings (a BatchImportFindings request)';
  return undefined;
}
