// Gauges read from the embedded engine's tables each time /metrics is scraped. A failed read is
// logged and leaves the gauge without a value rather than failing the whole scrape.
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';

export interface EngineStateSource {
  /** Runs a query on the database holding the schema `engine`. */
  query<R extends Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>;
  /** The engine clock (epoch ms): timers are due by the engine's time, which tests may move. */
  now(): number;
}

const UNIT_PREFIX = 'unit:';

export function registerEngineGauges(registry: Registry, source: EngineStateSource, logger: Logger): void {
  const failed = (what: string) => (error: unknown) => {
    logger.warn({ err: error, metric: what }, 'could not read a metric from the database');
  };

  new Gauge({
    name: 'xf_engine_timers_due',
    help: 'Active timers whose due time has passed (should stay near 0; growth means the scheduler lags).',
    registers: [registry],
    async collect() {
      this.reset();
      await source
        .query<{ count: string }>(
          `SELECT count(*) AS count FROM engine.timers WHERE state = 'ACTIVE' AND due_at <= $1`,
          [source.now()],
        )
        .then(({ rows }) => this.set(Number(rows[0]?.count ?? 0)))
        .catch(failed('xf_engine_timers_due'));
    },
  });

  new Gauge({
    name: 'xf_engine_incidents_open',
    help: 'Open incidents: process instances stuck until someone resolves the problem.',
    registers: [registry],
    async collect() {
      this.reset();
      await source
        .query<{ count: string }>(`SELECT count(*) AS count FROM engine.incidents WHERE state = 'ACTIVE'`)
        .then(({ rows }) => this.set(Number(rows[0]?.count ?? 0)))
        .catch(failed('xf_engine_incidents_open'));
    },
  });

  new Gauge({
    name: 'xf_user_tasks_open',
    help: 'Open user tasks by the unit whose staff may work them (candidate group unit:<code>).',
    labelNames: ['unit'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await source
        .query<{ grp: string; count: string }>(
          `SELECT g.grp, count(*) AS count
             FROM engine.user_tasks t, jsonb_array_elements_text(t.candidate_groups) AS g(grp)
            WHERE t.state = 'CREATED' AND g.grp LIKE $1
            GROUP BY g.grp`,
          [`${UNIT_PREFIX}%`],
        )
        .then(({ rows }) => {
          for (const row of rows) this.set({ unit: row.grp.slice(UNIT_PREFIX.length) }, Number(row.count));
        })
        .catch(failed('xf_user_tasks_open'));
    },
  });
}
