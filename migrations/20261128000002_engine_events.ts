// Waiting on events: timers, message subscriptions and buffered messages, start-event
// subscriptions (message / signal / timer starts of the latest process versions), signal
// subscriptions, and commands handed from one instance to another (call activities).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE engine.timers (
      key bigint PRIMARY KEY,
      state text NOT NULL,
      due_at bigint NOT NULL,
      process_definition_key bigint NOT NULL,
      bpmn_process_id text NOT NULL,
      -- null for timer start events
      process_instance_key bigint,
      -- the element instance that waits: the catch event, the boundary's host, the gateway or scope
      element_instance_key bigint,
      -- the timer event's element id
      element_id text NOT NULL,
      -- firings left including this one; null = unbounded
      repetitions int,
      -- the cycle text, for computing the next firing
      cycle text,
      created_at bigint NOT NULL
    );
    -- The scheduler reads only due, active timers in due order; a million waiting timers cost nothing.
    CREATE INDEX timers_due ON engine.timers (due_at) WHERE state = 'ACTIVE';
    CREATE INDEX timers_by_instance ON engine.timers (process_instance_key) WHERE state = 'ACTIVE';

    CREATE TABLE engine.message_subscriptions (
      key bigint PRIMARY KEY,
      state text NOT NULL,
      message_name text NOT NULL,
      correlation_key text NOT NULL,
      process_instance_key bigint NOT NULL,
      element_instance_key bigint NOT NULL,
      element_id text NOT NULL,
      bpmn_process_id text NOT NULL,
      interrupting boolean NOT NULL,
      created_at bigint NOT NULL
    );
    CREATE INDEX message_subscriptions_open ON engine.message_subscriptions (message_name, correlation_key, key)
      WHERE state = 'OPEN';
    CREATE INDEX message_subscriptions_by_instance ON engine.message_subscriptions (process_instance_key)
      WHERE state = 'OPEN';

    CREATE TABLE engine.messages (
      key bigint PRIMARY KEY,
      name text NOT NULL,
      correlation_key text NOT NULL,
      message_id text,
      variables jsonb NOT NULL DEFAULT '{}',
      published_at bigint NOT NULL,
      expires_at bigint NOT NULL
    );
    CREATE INDEX messages_buffered ON engine.messages (name, correlation_key, expires_at);
    CREATE INDEX messages_by_id ON engine.messages (name, message_id) WHERE message_id IS NOT NULL;

    -- A message correlates at most once per process (bpmnProcessId), across its versions.
    CREATE TABLE engine.message_correlations (
      message_key bigint NOT NULL,
      bpmn_process_id text NOT NULL,
      process_instance_key bigint NOT NULL,
      PRIMARY KEY (message_key, bpmn_process_id)
    );

    CREATE TABLE engine.signal_subscriptions (
      key bigint PRIMARY KEY,
      state text NOT NULL,
      signal_name text NOT NULL,
      process_instance_key bigint NOT NULL,
      element_instance_key bigint NOT NULL,
      element_id text NOT NULL,
      interrupting boolean NOT NULL,
      created_at bigint NOT NULL
    );
    CREATE INDEX signal_subscriptions_open ON engine.signal_subscriptions (signal_name) WHERE state = 'OPEN';
    CREATE INDEX signal_subscriptions_by_instance ON engine.signal_subscriptions (process_instance_key)
      WHERE state = 'OPEN';

    -- Message, signal and timer start events of the latest version of each process.
    CREATE TABLE engine.start_events (
      process_definition_key bigint NOT NULL,
      bpmn_process_id text NOT NULL,
      element_id text NOT NULL,
      kind text NOT NULL,
      name text,
      PRIMARY KEY (process_definition_key, element_id)
    );
    CREATE INDEX start_events_by_name ON engine.start_events (kind, name);

    -- Instances started by a message remember its correlation key: while one is active, another
    -- message with that key does not start a second instance of the same process.
    ALTER TABLE engine.process_instances ADD COLUMN start_correlation_key text;
    CREATE INDEX process_instances_message_started ON engine.process_instances (bpmn_process_id, start_correlation_key)
      WHERE state = 'ACTIVE' AND start_correlation_key IS NOT NULL;

    -- Work one instance hands to another (a child completed, a parent was cancelled), run after
    -- commit in the target's own command, so locks are always taken one instance at a time.
    CREATE TABLE engine.pending_commands (
      id bigserial PRIMARY KEY,
      -- the instance the command is for; null for engine-wide work (a signal broadcast)
      process_instance_key bigint,
      command jsonb NOT NULL,
      created_at bigint NOT NULL
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS engine.pending_commands, engine.start_events, engine.signal_subscriptions,
      engine.message_correlations, engine.messages, engine.message_subscriptions, engine.timers;
    ALTER TABLE engine.process_instances DROP COLUMN IF EXISTS start_correlation_key;
  `);
}
