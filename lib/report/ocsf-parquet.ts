/**
 * The OCSF events as Parquet, as a Security Lake custom source delivers them: one OCSF class
 * (Compliance Finding) per file, every attribute of the event a Parquet column of the same
 * name, objects as structs and arrays as lists (the nesting OCSF defines, which Security
 * Lake's Glue crawler reads into the source's table), rows sorted by time. Written with
 * hyparquet-writer (pure JavaScript, no native code, Snappy compression built in).
 */
import type { SchemaElement } from 'hyparquet-writer';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { OcsfEvent } from './ocsf.js';

type Leaf = 'STRING' | 'INT32' | 'INT64';
/** A column's shape: a leaf type, a struct of named shapes, or a list of one shape. */
type Shape = Leaf | { [name: string]: Shape } | [Shape];

/** Every attribute toOcsf writes, with its OCSF type (integer_t INT32, long_t and timestamp_t INT64). */
const EVENT_SHAPE: Record<keyof OcsfEvent, Shape> = {
  activity_id: 'INT32',
  activity_name: 'STRING',
  category_uid: 'INT32',
  category_name: 'STRING',
  class_uid: 'INT32',
  class_name: 'STRING',
  type_uid: 'INT64',
  type_name: 'STRING',
  time: 'INT64',
  severity_id: 'INT32',
  severity: 'STRING',
  status_id: 'INT32',
  status: 'STRING',
  message: 'STRING',
  metadata: {
    version: 'STRING',
    profiles: ['STRING'],
    product: { name: 'STRING', vendor_name: 'STRING', version: 'STRING' },
    uid: 'STRING',
  },
  cloud: { provider: 'STRING', region: 'STRING', account: { uid: 'STRING' } },
  finding_info: { uid: 'STRING', title: 'STRING', desc: 'STRING', types: ['STRING'], src_url: 'STRING' },
  compliance: {
    standards: ['STRING'],
    control: 'STRING',
    status_id: 'INT32',
    status: 'STRING',
    status_details: ['STRING'],
  },
  resources: [{ uid: 'STRING', name: 'STRING', type: 'STRING', region: 'STRING' }],
  remediation: { desc: 'STRING' },
  unmapped: { rule_slug: 'STRING', hna_status: 'STRING' },
};

/** The Parquet schema elements of one column, depth first, as the format lists them. */
function elements(name: string, shape: Shape): SchemaElement[] {
  if (typeof shape === 'string')
    return [
      shape === 'STRING'
        ? { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }
        : { name, type: shape, repetition_type: 'OPTIONAL' },
    ];
  if (Array.isArray(shape))
    // The standard three-level list: <name> (LIST) / list (repeated) / element.
    return [
      { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      ...elements('element', shape[0]),
    ];
  const children = Object.entries(shape);
  return [
    { name, repetition_type: 'OPTIONAL', num_children: children.length },
    ...children.flatMap(([child, childShape]) => elements(child, childShape)),
  ];
}

/** A value as the writer takes it: INT64 leaves as BigInt, absent members as null. */
function columnValue(value: unknown, shape: Shape): unknown {
  if (value === undefined || value === null) return null;
  if (shape === 'INT64') return BigInt(value as number);
  if (typeof shape === 'string') return value;
  if (Array.isArray(shape)) return (value as unknown[]).map((item) => columnValue(item, shape[0]));
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(shape).map(([name, childShape]) => [name, columnValue(record[name], childShape)]),
  );
}

const COLUMNS = Object.entries(EVENT_SHAPE) as [keyof OcsfEvent, Shape][];
const SCHEMA: SchemaElement[] = [
  { name: 'schema', num_children: COLUMNS.length },
  ...COLUMNS.flatMap(([name, shape]) => elements(name, shape)),
];

/** The events as one Parquet file, sorted by time as Security Lake asks of a source. */
export function formatOcsfParquet(events: readonly OcsfEvent[]): Uint8Array {
  const rows = [...events].sort((a, b) => a.time - b.time);
  const buffer = parquetWriteBuffer({
    schema: SCHEMA,
    columnData: COLUMNS.map(([name, shape]) => ({
      name,
      data: rows.map((row) => columnValue(row[name], shape)),
    })),
    createdBy: 'hybrid-network-auditor',
  });
  return new Uint8Array(buffer);
}
