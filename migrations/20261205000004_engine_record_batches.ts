// The record stream is stored as batches: one row per instance per command, holding that
// command's records of the instance as a JSON array, instead of one row per record. A process
// instance wrote about fifty records, each with its own row, sequence value and two index entries:
// well over half of everything the engine wrote to the database. `engine.records` stays readable,
// as a view with the same columns; a record's position is its batch's position times 2^20 plus its
// place in the batch, so positions keep the order in which records were written.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE engine.records RENAME TO records_before_batches;

    -- records: [[key, valueType, intent, timestamp, value], ...]. Plain json: written far more
    -- often than read. Rows up to a page stay uncompressed in the table itself.
    CREATE TABLE engine.record_batches (
      position bigint PRIMARY KEY DEFAULT nextval('engine.records_position_seq'),
      process_instance_key bigint,
      records json NOT NULL
    ) WITH (toast_tuple_target = 8160);
    CREATE INDEX record_batches_by_instance ON engine.record_batches (process_instance_key)
      WHERE process_instance_key IS NOT NULL;
    ALTER SEQUENCE engine.records_position_seq OWNED BY engine.record_batches.position;

    INSERT INTO engine.record_batches (position, process_instance_key, records)
    SELECT position, process_instance_key,
           json_build_array(json_build_array(key::text, value_type, intent, timestamp, value))
    FROM engine.records_before_batches;
    DROP TABLE engine.records_before_batches;

    CREATE VIEW engine.records AS
    SELECT (b.position << 20) + r.n - 1 AS position,
           (r.record->>0)::bigint AS key,
           r.record->>1 AS value_type,
           r.record->>2 AS intent,
           b.process_instance_key,
           (r.record->>3)::bigint AS timestamp,
           (r.record->4)::jsonb AS value
    FROM engine.record_batches b
    CROSS JOIN LATERAL json_array_elements(b.records) WITH ORDINALITY AS r(record, n);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE engine.records_unbatched (
      position bigint PRIMARY KEY,
      key bigint NOT NULL,
      value_type text NOT NULL,
      intent text NOT NULL,
      process_instance_key bigint,
      timestamp bigint NOT NULL,
      value jsonb NOT NULL
    );
    -- Each record its own position again, from the same sequence and in the same order.
    ALTER SEQUENCE engine.records_position_seq OWNED BY NONE;
    SELECT setval('engine.records_position_seq', greatest(1, (SELECT max(position) FROM engine.record_batches)));
    INSERT INTO engine.records_unbatched
    SELECT nextval('engine.records_position_seq'), key, value_type, intent, process_instance_key, timestamp, value
    FROM (SELECT * FROM engine.records ORDER BY position) AS ordered;
    DROP VIEW engine.records;
    DROP TABLE engine.record_batches;
    ALTER TABLE engine.records_unbatched RENAME TO records;
    ALTER INDEX engine.records_unbatched_pkey RENAME TO records_pkey;
    ALTER TABLE engine.records ALTER COLUMN position SET DEFAULT nextval('engine.records_position_seq');
    ALTER SEQUENCE engine.records_position_seq OWNED BY engine.records.position;
    CREATE INDEX records_by_instance ON engine.records (process_instance_key) WHERE process_instance_key IS NOT NULL;
  `);
}
