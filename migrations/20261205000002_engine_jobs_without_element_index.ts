// Nothing looks jobs up by element instance (commands find them by instance, workers by type), yet
// every version of a job row (created, activated, completed) added an entry to that index.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS engine.jobs_by_element');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX IF NOT EXISTS jobs_by_element ON engine.jobs (element_instance_key)');
}
