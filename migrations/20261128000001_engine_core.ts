// Engine state: definitions, instances, element instances, variables, jobs, user tasks,
// incidents and the append-only record stream. Times are engine-clock epoch milliseconds.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- Zeebe-style keys: partition 1 starts at 2^51 + 1. Handed out in blocks by the engine.
    CREATE SEQUENCE engine.key_blocks START 2251799813685249 INCREMENT 10000;

    CREATE TABLE engine.deployments (
      key bigint PRIMARY KEY,
      deployed_at bigint NOT NULL
    );

    CREATE TABLE engine.process_definitions (
      key bigint PRIMARY KEY,
      bpmn_process_id text NOT NULL,
      version int NOT NULL,
      name text,
      resource_name text NOT NULL,
      checksum text NOT NULL,
      xml text NOT NULL,
      deployment_key bigint NOT NULL REFERENCES engine.deployments(key),
      deployed_at bigint NOT NULL,
      UNIQUE (bpmn_process_id, version)
    );

    CREATE TABLE engine.forms (
      key bigint PRIMARY KEY,
      form_id text NOT NULL,
      version int NOT NULL,
      resource_name text NOT NULL,
      checksum text NOT NULL,
      schema jsonb NOT NULL,
      deployment_key bigint NOT NULL REFERENCES engine.deployments(key),
      deployed_at bigint NOT NULL,
      UNIQUE (form_id, version)
    );

    CREATE TABLE engine.process_instances (
      key bigint PRIMARY KEY,
      process_definition_key bigint NOT NULL REFERENCES engine.process_definitions(key),
      bpmn_process_id text NOT NULL,
      version int NOT NULL,
      state text NOT NULL,
      started_at bigint NOT NULL,
      ended_at bigint,
      parent_process_instance_key bigint,
      parent_element_instance_key bigint
    );
    CREATE INDEX process_instances_active ON engine.process_instances (bpmn_process_id) WHERE state = 'ACTIVE';

    CREATE TABLE engine.element_instances (
      key bigint PRIMARY KEY,
      process_instance_key bigint NOT NULL,
      element_id text NOT NULL,
      element_type text NOT NULL,
      flow_scope_key bigint,
      state text NOT NULL,
      started_at bigint NOT NULL,
      ended_at bigint,
      -- behaviour data that must survive between commands (tokens waiting at joins, chosen flow)
      data jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX element_instances_by_instance ON engine.element_instances (process_instance_key);
    CREATE INDEX element_instances_live ON engine.element_instances (process_instance_key)
      WHERE state IN ('ACTIVATING', 'ACTIVATED', 'COMPLETING');

    CREATE TABLE engine.variables (
      key bigint PRIMARY KEY,
      scope_key bigint NOT NULL,
      process_instance_key bigint NOT NULL,
      name text NOT NULL,
      value jsonb,
      updated_at bigint NOT NULL,
      UNIQUE (scope_key, name)
    );
    CREATE INDEX variables_by_instance ON engine.variables (process_instance_key);

    CREATE TABLE engine.jobs (
      key bigint PRIMARY KEY,
      type text NOT NULL,
      state text NOT NULL,
      process_instance_key bigint NOT NULL,
      element_instance_key bigint NOT NULL,
      element_id text NOT NULL,
      bpmn_process_id text NOT NULL,
      process_definition_key bigint NOT NULL,
      process_definition_version int NOT NULL,
      retries int NOT NULL,
      worker text,
      deadline bigint,
      activatable_at bigint NOT NULL,
      custom_headers jsonb NOT NULL DEFAULT '{}',
      error_message text,
      error_code text,
      created_at bigint NOT NULL
    );
    -- Activation scans only live jobs of one type, oldest first.
    CREATE INDEX jobs_activatable ON engine.jobs (type, key) WHERE state IN ('ACTIVATABLE', 'ACTIVATED');
    CREATE INDEX jobs_by_element ON engine.jobs (element_instance_key);

    CREATE TABLE engine.user_tasks (
      key bigint PRIMARY KEY,
      state text NOT NULL,
      element_instance_key bigint NOT NULL,
      process_instance_key bigint NOT NULL,
      process_definition_key bigint NOT NULL,
      bpmn_process_id text NOT NULL,
      process_definition_version int NOT NULL,
      element_id text NOT NULL,
      name text,
      assignee text,
      candidate_groups jsonb NOT NULL DEFAULT '[]',
      candidate_users jsonb NOT NULL DEFAULT '[]',
      due_date text,
      follow_up_date text,
      priority int NOT NULL DEFAULT 50,
      form_key bigint,
      external_form_reference text,
      custom_headers jsonb NOT NULL DEFAULT '{}',
      created_at bigint NOT NULL,
      completed_at bigint
    );
    CREATE INDEX user_tasks_open ON engine.user_tasks (key) WHERE state = 'CREATED';
    CREATE INDEX user_tasks_by_element ON engine.user_tasks (element_instance_key);

    CREATE TABLE engine.incidents (
      key bigint PRIMARY KEY,
      state text NOT NULL,
      error_type text NOT NULL,
      error_message text NOT NULL,
      process_instance_key bigint NOT NULL,
      element_instance_key bigint NOT NULL,
      element_id text NOT NULL,
      bpmn_process_id text NOT NULL,
      process_definition_key bigint NOT NULL,
      job_key bigint,
      -- what to run again when the incident is resolved
      retry jsonb,
      created_at bigint NOT NULL,
      resolved_at bigint
    );
    CREATE INDEX incidents_by_instance ON engine.incidents (process_instance_key);

    CREATE TABLE engine.records (
      position bigserial PRIMARY KEY,
      key bigint NOT NULL,
      value_type text NOT NULL,
      intent text NOT NULL,
      process_instance_key bigint,
      timestamp bigint NOT NULL,
      value jsonb NOT NULL
    );
    CREATE INDEX records_by_instance ON engine.records (process_instance_key) WHERE process_instance_key IS NOT NULL;

    CREATE TABLE engine.clock (
      id int PRIMARY KEY CHECK (id = 1),
      mode text NOT NULL,
      pinned_at bigint,
      offset_milli bigint NOT NULL DEFAULT 0
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS engine.clock, engine.records, engine.incidents, engine.user_tasks, engine.jobs,
      engine.variables, engine.element_instances, engine.process_instances, engine.forms,
      engine.process_definitions, engine.deployments;
    DROP SEQUENCE IF EXISTS engine.key_blocks;
  `);
}
