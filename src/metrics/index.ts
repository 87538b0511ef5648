// Prometheus metrics for GET /metrics: process defaults, HTTP request durations, the embedded
// engine's job and timer counters (fed through the engine's plain EngineMetrics hook) and gauges
// read from the database when scraped. The engine itself knows nothing of prom-client.
export { createMetrics, type AppMetrics, type MetricsOptions, type EngineStateSource } from './metrics.js';
