// The record stream is written in batches (migration 20261205000004): one row per process instance
// per write, its records a JSON array of [key, valueType, intent, timestamp, value]. Reads go
// through the view engine.records, one row per record as before.
import type { EngineRecord } from '../runtime/state.js';
import type { Tx } from './db.js';
import { insertRows, type Columns, type TableWrite } from './rows.js';

export const RECORD_BATCHES = 'engine.record_batches';

const recordBatchColumns: Columns = { process_instance_key: 'bigint', records: 'json' };

/** The view gives a record's position as its batch's position × 2^20 plus its place in the batch. */
const MAX_RECORDS_PER_BATCH = 2 ** 20;

type BatchRow = { process_instance_key: string | null; records: unknown[][] };

/** Batch rows for the records: one per process instance (records without one together), in order. */
export function recordBatchRows(records: readonly EngineRecord[]): BatchRow[] {
  const byInstance = new Map<string | null, unknown[][]>();
  for (const record of records) {
    let batch = byInstance.get(record.processInstanceKey);
    if (batch === undefined) byInstance.set(record.processInstanceKey, (batch = []));
    batch.push([record.key, record.valueType, record.intent, record.timestamp, record.value]);
  }
  const rows: BatchRow[] = [];
  for (const [processInstanceKey, batch] of byInstance) {
    for (let start = 0; start < batch.length; start += MAX_RECORDS_PER_BATCH) {
      const part = batch.slice(start, start + MAX_RECORDS_PER_BATCH);
      rows.push({ process_instance_key: processInstanceKey, records: part });
    }
  }
  return rows;
}

/** The records as one table write, to go with a command's other changes. */
export function recordsWrite(records: readonly EngineRecord[]): TableWrite {
  return {
    table: RECORD_BATCHES,
    columns: recordBatchColumns,
    rows: recordBatchRows(records),
    upsert: false,
  };
}

/** Appends records on their own. */
export function appendRecords(tx: Tx, records: readonly EngineRecord[]): Promise<void> {
  return insertRows(tx, RECORD_BATCHES, recordBatchColumns, recordBatchRows(records));
}
