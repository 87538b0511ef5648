// What every engine command does first — lock its instances, lock their live jobs, read their live
// state — as one function, so that it costs one round trip, and the plans of its statements are
// made once per connection rather than for every command. In READ COMMITTED each statement of a
// volatile function takes a fresh snapshot, so the reads after the locks see what the locks waited
// for. The live states come as arguments: the engine's code says which states are live.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION engine.lock_and_load(
      instance_keys bigint[],
      job_keys bigint[],
      live_element_states text[],
      live_job_states text[]
    ) RETURNS TABLE (kind text, data jsonb)
    LANGUAGE plpgsql VOLATILE AS $$
    #variable_conflict use_column
    DECLARE
      keys bigint[];
    BEGIN
      RETURN QUERY
        SELECT 'owner'::text, jsonb_build_object('key', j.key, 'process_instance_key', j.process_instance_key)
        FROM engine.jobs j WHERE j.key = ANY(job_keys);
      keys := ARRAY(
        SELECT unnest(instance_keys)
        UNION SELECT j.process_instance_key FROM engine.jobs j WHERE j.key = ANY(job_keys));
      -- In key order: two commands locking overlapping sets wait for each other, never deadlock.
      RETURN QUERY
        SELECT 'instance'::text, to_jsonb(p) FROM (
          SELECT * FROM engine.process_instances WHERE key = ANY(keys) ORDER BY key FOR UPDATE) p;
      -- Activation claims jobs without the instance lock: a running one is waited for here.
      RETURN QUERY
        SELECT 'job'::text, to_jsonb(j) FROM (
          SELECT * FROM engine.jobs WHERE process_instance_key = ANY(keys) AND state = ANY(live_job_states)
          ORDER BY key FOR UPDATE) j;
      RETURN QUERY
        SELECT 'element'::text, to_jsonb(e) FROM engine.element_instances e
        WHERE e.process_instance_key = ANY(keys) AND e.state = ANY(live_element_states);
      RETURN QUERY
        SELECT 'variable'::text, to_jsonb(v) FROM engine.variables v
        WHERE v.scope_key IN (SELECT e.key FROM engine.element_instances e
                              WHERE e.process_instance_key = ANY(keys) AND e.state = ANY(live_element_states));
      RETURN QUERY
        SELECT 'userTask'::text, to_jsonb(u) FROM engine.user_tasks u
        WHERE u.process_instance_key = ANY(keys) AND u.state = 'CREATED';
      RETURN QUERY
        SELECT 'incident'::text, to_jsonb(i) FROM engine.incidents i
        WHERE i.process_instance_key = ANY(keys) AND i.state = 'ACTIVE';
      RETURN QUERY
        SELECT 'timer'::text, to_jsonb(t) FROM engine.timers t
        WHERE t.process_instance_key = ANY(keys) AND t.state = 'ACTIVE';
      RETURN QUERY
        SELECT 'message'::text, to_jsonb(m) FROM engine.message_subscriptions m
        WHERE m.process_instance_key = ANY(keys) AND m.state = 'OPEN';
      RETURN QUERY
        SELECT 'signal'::text, to_jsonb(s) FROM engine.signal_subscriptions s
        WHERE s.process_instance_key = ANY(keys) AND s.state = 'OPEN';
    END
    $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS engine.lock_and_load(bigint[], bigint[], text[], text[])');
}
