// Every engine command on an instance locks and reads that instance's live jobs and open user
// tasks. Without an index by instance each command scanned every job ever created (and every open
// user task of the county), so commands grew slower with the engine's history.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX jobs_by_instance ON engine.jobs (process_instance_key);
    CREATE INDEX user_tasks_by_instance ON engine.user_tasks (process_instance_key);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX IF EXISTS engine.jobs_by_instance;
    DROP INDEX IF EXISTS engine.user_tasks_by_instance;
  `);
}
