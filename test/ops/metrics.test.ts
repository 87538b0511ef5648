// GET /metrics on the real app with a real embedded engine: the metric families are exposed, the
// engine's job and timer counters move as the engine works, and the gauges read its tables.
import { expect } from 'chai';
import express from 'express';
import { pino } from 'pino';
import { createAppServer, listen, type ListeningServer } from '../../src/app/server.js';
import { loadConfig } from '../../src/config/index.js';
import { startEngineServer, type EngineServer } from '../../src/engine/server.js';
import { createMetrics, type AppMetrics } from '../../src/metrics/index.js';
import { routeOf } from '../../src/metrics/http.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const HOUR = 60 * 60 * 1000;

// start → service task "ops-check" → wait one hour → user task for unit:housing-construction → end
const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="ops-metrics-definitions" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="ops-metrics" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="check">
      <bpmn:extensionElements><zeebe:taskDefinition type="ops-check" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:timerEventDefinition id="wait-timer">
        <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration>
      </bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:userTask id="handle">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition candidateGroups="unit:housing-construction" />
      </bpmn:extensionElements>
      <bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />
    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="wait" />
    <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="handle" />
    <bpmn:sequenceFlow id="f4" sourceRef="handle" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

/** The value of one series in a text exposition, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = new Map(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m): [string, string] => [
        m[1]!,
        m[2]!,
      ]),
    );
    if (Object.entries(labels).every(([key, value]) => found.get(key) === value)) return Number(match[3]);
  }
  return undefined;
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('GET /metrics', () => {
  let database: TestDatabase;
  let engine: EngineServer;
  let metrics: AppMetrics;
  let server: ListeningServer;
  let engineUp = true;

  const scrape = async (): Promise<string> => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  before(async () => {
    database = await createTestDatabase();
    metrics = createMetrics({ logger });
    engine = await startEngineServer({
      databaseUrl: database.url,
      grpcPort: 0,
      restPort: 0,
      host: '127.0.0.1',
      clockControlled: true,
      logger,
      metrics: metrics.engineHook,
    });
    metrics.trackEngineState({
      query: (sql, values) => database.pool.query(sql, values),
      now: () => engine.engine.now(),
    });
    await engine.engine.pinClock(Date.parse('2026-01-05T08:00:00Z'));
    await engine.engine.deployResources([{ name: 'ops-metrics.bpmn', content: Buffer.from(MODEL) }]);
    const config = loadConfig({
      ENGINE_GRPC_PORT: String(engine.grpcPort),
      ENGINE_REST_PORT: String(engine.restPort),
      LOG_LEVEL: 'silent',
    });
    const up = () => Promise.resolve(true);
    const app = createAppServer({
      config,
      logger,
      readiness: { database: up, engine: () => Promise.resolve(engineUp), workers: up },
      metrics,
    });
    server = await listen(app, 0, '127.0.0.1');
  });

  after(async () => {
    await server?.close();
    await engine?.stop();
    await database?.drop();
  });

  it('exposes the process, HTTP, engine and work metric families', async () => {
    await fetch(`${server.url}/health`);
    const text = await scrape();
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'xf_http_request_duration_seconds',
      'xf_engine_jobs_activated_total',
      'xf_engine_jobs_completed_total',
      'xf_engine_jobs_failed_total',
      'xf_engine_timers_fired_total',
      'xf_engine_timers_due',
      'xf_engine_incidents_open',
      'xf_user_tasks_open',
    ]) {
      expect(text, name).to.include(`# TYPE ${name} `);
    }
    expect(sample(text, 'xf_engine_timers_due')).to.equal(0);
    expect(sample(text, 'xf_engine_incidents_open')).to.equal(0);
  });

  it('labels request durations with the route pattern, not the raw path', async () => {
    await fetch(`${server.url}/ready`);
    await fetch(`${server.url}/no/such/page/12345`);
    const text = await scrape();
    const count = (route: string, status: string) =>
      sample(text, 'xf_http_request_duration_seconds_count', { method: 'GET', route, status_code: status });
    expect(count('/ready', '200')).to.be.at.least(1);
    expect(count('unmatched', '404')).to.be.at.least(1);
    expect(text).not.to.include('12345');
  });

  it('names a nested route by its mount path and pattern', async () => {
    const app = express();
    const router = express.Router();
    let seen = '';
    router.get('/petitions/:id', (req, res) => {
      seen = routeOf(req);
      res.end();
    });
    app.use('/api', router);
    const nested = await listen(app, 0, '127.0.0.1');
    try {
      await fetch(`${nested.url}/api/petitions/4711`);
    } finally {
      await nested.close();
    }
    expect(seen).to.equal('/api/petitions/:id');
  });

  it('counts jobs activated and completed, timers fired, and open user tasks by unit', async () => {
    const before = await scrape();
    expect(sample(before, 'xf_engine_jobs_completed_total', { type: 'ops-check' }) ?? 0).to.equal(0);

    await engine.engine.createProcessInstance({ bpmnProcessId: 'ops-metrics', variables: {} });
    const jobs = await engine.engine.activateJobs({
      type: 'ops-check',
      worker: 'ops-test',
      timeout: 60_000,
      maxJobsToActivate: 10,
    });
    expect(jobs).to.have.length(1);
    await engine.engine.completeJob(jobs[0]!.key, {});

    const afterJob = await scrape();
    expect(sample(afterJob, 'xf_engine_jobs_activated_total', { type: 'ops-check' })).to.equal(1);
    expect(sample(afterJob, 'xf_engine_jobs_completed_total', { type: 'ops-check' })).to.equal(1);

    // With the scheduler held, the timer past its due time shows as due.
    await engine.engine.scheduler.stop();
    await engine.engine.addClockOffset(2 * HOUR);
    expect(sample(await scrape(), 'xf_engine_timers_due')).to.equal(1);

    engine.engine.scheduler.start();
    await eventually(
      async () => sample(await scrape(), 'xf_engine_timers_fired_total') === 1,
      'the timer to fire',
    );
    const afterTimer = await scrape();
    expect(sample(afterTimer, 'xf_engine_timers_due')).to.equal(0);
    expect(sample(afterTimer, 'xf_user_tasks_open', { unit: 'housing-construction' })).to.equal(1);
  });

  it('counts failed jobs and shows the incident they raise', async () => {
    await engine.engine.createProcessInstance({ bpmnProcessId: 'ops-metrics', variables: {} });
    const [job] = await engine.engine.activateJobs({
      type: 'ops-check',
      worker: 'ops-test',
      timeout: 60_000,
      maxJobsToActivate: 1,
    });
    await engine.engine.failJob({ jobKey: job!.key, retries: 0, errorMessage: 'gateway down' });

    const text = await scrape();
    expect(sample(text, 'xf_engine_jobs_failed_total', { type: 'ops-check' })).to.equal(1);
    expect(sample(text, 'xf_engine_incidents_open')).to.equal(1);
  });

  it('says in /ready which part is down and what to check, in Chinese and English', async () => {
    engineUp = false;
    try {
      const response = await fetch(`${server.url}/ready`);
      expect(response.status).to.equal(503);
      const body = (await response.json()) as {
        failed: string[];
        hints: { part: string; zh: string; en: string }[];
      };
      expect(body.failed).to.deep.equal(['engine']);
      expect(body.hints).to.have.length(1);
      expect(body.hints[0]!.part).to.equal('engine');
      expect(body.hints[0]!.zh).to.match(/[\u4e00-\u9fff]/);
      expect(body.hints[0]!.en).to.include('ZEEBE_GRPC_ADDRESS');
    } finally {
      engineUp = true;
    }
  });
});
