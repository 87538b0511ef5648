// A command's variables are read through the index by instance: found only through their live
// scopes, the planner sometimes read every variable of the engine to join them (a scan that grew
// with the engine's history). Otherwise engine.lock_and_load is as migration 20261205000001 made it.
import type { Knex } from 'knex';
import * as lockAndLoadBefore from './20261205000001_engine_lock_and_load.js';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION engine.lock_and_load(
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
        WHERE v.process_instance_key = ANY(keys)
          AND v.scope_key IN (SELECT e.key FROM engine.element_instances e
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
  await lockAndLoadBefore.down(knex);
  await lockAndLoadBefore.up(knex);
}
