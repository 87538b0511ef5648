// The embedded engine's activity as Prometheus counters, through the engine's EngineMetrics hook.
import { Counter, type Registry } from 'prom-client';
import type { EngineMetrics } from '../engine/metrics.js';

export function engineCounters(registry: Registry): EngineMetrics {
  const jobCounter = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ['type'] as const, registers: [registry] });
  const activated = jobCounter('xf_engine_jobs_activated_total', 'Jobs handed to workers, by job type.');
  const completed = jobCounter('xf_engine_jobs_completed_total', 'Jobs completed by workers, by job type.');
  const failed = jobCounter('xf_engine_jobs_failed_total', 'Jobs reported failed by workers, by job type.');
  const errors = jobCounter(
    'xf_engine_jobs_error_thrown_total',
    'Jobs for which a worker threw a BPMN error, by job type.',
  );
  const timers = new Counter({
    name: 'xf_engine_timers_fired_total',
    help: 'Timers fired by the embedded engine (deadlines, reminders, timer start events).',
    registers: [registry],
  });
  return {
    jobsActivated: (type, count) => activated.inc({ type }, count),
    jobCompleted: (type) => completed.inc({ type }),
    jobFailed: (type) => failed.inc({ type }),
    jobErrorThrown: (type) => errors.inc({ type }),
    timersFired: (count) => timers.inc(count),
  };
}
