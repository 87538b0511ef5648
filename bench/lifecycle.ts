// Petition lifecycle throughput: whole petitions from registration to closure, on the real models
// (bpmn/, forms/), the real job workers over gRPC and clerks' tasks completed over REST /v2.
// Petitions are registered as the intake API does (registerIntake, then the process is started
// and recorded); a driver loop plays every clerk: one SQL query per round finds the open tasks
// (as an inbox would), and each is completed with the variables its form requires. Reports full
// runs per second, and per step how long the engine and the workers took to open the next task.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { DataKey } from '../src/domain/petitioners/index.js';
import { recordProcessInstance, registerIntake } from '../src/domain/petitions/index.js';
import { seedReference } from '../src/domain/seed/index.js';
import { startEngineServer } from '../src/engine/server.js';
import { sdkFor } from '../test/engine/sdk-client.js';
import { startWorkers } from '../workers/index.js';
import { percentile, round } from './stats.js';

export interface LifecycleStep {
  /** Times the step ran (a user task completed, or the closure reached). */
  count: number;
  /** From the clerk's previous action (or the registration) until this task was open. */
  readyP50Ms: number;
  readyP99Ms: number;
  /** The REST call that completes the task (none for the closure). */
  completeP50Ms?: number;
  completeP99Ms?: number;
}

export interface LifecycleBenchResult {
  petitions: number;
  inFlight: number;
  seconds: number;
  fullRunsPerSecond: number;
  /** Registration (intake, process start, record) as the API does it. */
  registerP50Ms: number;
  /** Registration to closure (petition closed and its process completed). */
  runP50Ms: number;
  runP99Ms: number;
  steps: Record<string, LifecycleStep>;
}

const ROOT = new URL('../', import.meta.url);
const PETITIONS = Number(process.env.BENCH_LIFECYCLE_PETITIONS ?? 200);
/** Petitions open at once: registration starts the next one when one closes. */
const IN_FLIGHT = Number(process.env.BENCH_LIFECYCLE_IN_FLIGHT ?? 20);
const WARM_UP = 5;
const LEAD = 'housing-construction';
/** Monday 2026-06-01 10:00 Shanghai. */
const START = Date.parse('2026-06-01T02:00:00Z');
/** How long the driver waits between rounds when nothing was open. */
const ROUND_PAUSE_MS = 10;
/** A run that makes no progress for this long is stuck: the suite fails instead of hanging. */
const STALL_MS = Number(process.env.BENCH_LIFECYCLE_STALL_MS ?? 60_000);

/** What each clerk enters on the normal path: triage, accept, reply, approve, visit; 纪委 check. */
const FORM_VARIABLES: Record<string, Record<string, unknown>> = {
  triage: {
    kind: 'appeal',
    line: 'ordinary',
    procedure: 'normal',
    riskLevel: 'low',
    leadUnit: LEAD,
    coUnits: [],
    triageOpinion: '交住建局办理',
  },
  'discipline-check': { disciplineFinding: 'none', disciplineOpinion: '经核查，未发现违纪违法问题线索。' },
  accept: { acceptance: 'accept' },
  handle: { handling: 'reply', replyDecision: 'support', replyText: '经核查，已安排维修。' },
  'pre-review': { review: 'approve' },
  'return-visit': { acceptanceSatisfaction: 'satisfied', satisfaction: 'satisfied' },
};

/** The last character of a resident ID number (GB 11643, ISO 7064 MOD 11-2). */
function idNumber(serial: number): string {
  const first17 = `110101199001${String(serial).padStart(5, '0')}`.slice(0, 17);
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

interface Run {
  number: string;
  instanceKey: string;
  registeredAt: number;
  /** When the clerk last acted on it (registration, then each completion). */
  lastActionAt: number;
  closedAt?: number;
}

export async function benchLifecycle(
  url: string,
  log: (line: string) => void,
): Promise<LifecycleBenchResult> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await seedReference(pool);
  const server = await startEngineServer({
    databaseUrl: url,
    grpcPort: 0,
    restPort: 0,
    host: '127.0.0.1',
    clockControlled: true,
    logger: pino({ level: 'silent' }),
  });
  // Deadlines are counted in working days of published holiday calendars: engine time runs at the
  // normal pace from a date whose deadlines all fall in a published year.
  await server.engine.addClockOffset(START - Date.now());
  const engineNow = () => server.engine.now();
  const camunda = sdkFor(server.grpcPort, server.restPort);
  const dataKey = DataKey.fromSecret('bench-lifecycle-secret-long-enough-0123456789');
  const workers = startWorkers(
    camunda,
    {
      zeebeGrpcAddress: `grpc://127.0.0.1:${server.grpcPort}`,
      zeebeRestAddress: `http://127.0.0.1:${server.restPort}`,
      camundaAuth: { strategy: 'NONE' },
      logLevel: 'silent',
    } as never,
    pino({ level: 'silent' }),
    // Engine time as a production worker sees it (there it is system time): no clock endpoint call.
    { db: pool, dataKey, now: () => Promise.resolve(engineNow()) },
  );
  const zeebe = camunda.getZeebeGrpcApiClient();
  const rest = camunda.getOrchestrationClusterApiClient();
  try {
    const resources = (['forms', 'bpmn'] as const).flatMap((folder) => {
      const dir = fileURLToPath(new URL(`${folder}/`, ROOT));
      return readdirSync(dir).map((name) => ({ name, content: readFileSync(`${dir}${name}`) }));
    });
    await server.engine.deployResources(resources);

    let serial = 0;
    const register = async (): Promise<Run> => {
      serial += 1;
      const started = performance.now();
      const intake = await registerIntake(pool, dataKey, {
        petitioner: { name: `测试人${serial}`, idNumber: idNumber(serial), phone: '13900139000' },
        channel: 'visit',
        title: '小区楼顶漏水长期未修',
        content: '小区楼顶漏水长期未修，请求有关部门处理。',
        category: 'housing-security',
        area: 'xicheng',
        registeredAt: new Date(engineNow()),
        registeredBy: 'demo-intake',
      });
      const p = intake.petition;
      const created = await zeebe.createProcessInstance({
        bpmnProcessId: 'petition',
        variables: {
          petitionId: p.number,
          title: p.title,
          category: p.categoryCode,
          area: p.areaCode,
          channel: p.channel,
          firstTime: p.firstTime,
          skipLevel: p.skipLevel,
          repeatCount: 0,
          registeredAt: p.registeredAt.toISOString(),
        },
      });
      await recordProcessInstance(pool, p.id, created.processInstanceKey, {
        at: new Date(engineNow()),
        actor: 'demo-intake',
      });
      const now = performance.now();
      registerMs.push(now - started);
      return {
        number: p.number,
        instanceKey: created.processInstanceKey,
        registeredAt: started,
        lastActionAt: now,
      };
    };

    const registerMs: number[] = [];
    const ready = new Map<string, number[]>();
    const completing = new Map<string, number[]>();
    const note = (map: Map<string, number[]>, step: string, ms: number) => {
      let list = map.get(step);
      if (!list) map.set(step, (list = []));
      list.push(ms);
    };

    /** Drives `count` petitions to closure, `inFlight` at a time; returns the finished runs. */
    const drive = async (count: number, inFlight: number): Promise<Run[]> => {
      const open = new Map<string, Run>();
      const done: Run[] = [];
      const busy = new Set<string>();
      let registered = 0;
      const refill = async () => {
        while (open.size < inFlight && registered < count) {
          registered += 1;
          const run = await register();
          open.set(run.instanceKey, run);
        }
      };
      await refill();
      let progressAt = performance.now();
      while (done.length < count) {
        const keys = [...open.keys()];
        const { rows } = await server.engine.db.query<{ key: string; element_id: string; pik: string }>(
          `SELECT key::text, element_id, process_instance_key::text AS pik FROM engine.user_tasks
           WHERE state = 'CREATED' AND process_instance_key = ANY($1::bigint[])`,
          [keys],
        );
        const closed = await pool.query<{ process_instance_key: string }>(
          `SELECT p.process_instance_key FROM app.petitions p
           JOIN engine.process_instances i ON i.key = p.process_instance_key::bigint
           WHERE p.stage = 'closed' AND i.state = 'COMPLETED' AND p.process_instance_key = ANY($1::text[])`,
          [keys],
        );
        const now = performance.now();
        for (const row of closed.rows) {
          const run = open.get(row.process_instance_key);
          if (!run) continue;
          note(ready, 'closure', now - run.lastActionAt);
          run.closedAt = now;
          open.delete(row.process_instance_key);
          done.push(run);
        }
        const fresh = rows.filter((row) => !busy.has(row.key));
        await Promise.all(
          fresh.map(async (task) => {
            const run = open.get(task.pik);
            const variables = FORM_VARIABLES[task.element_id];
            if (!run || !variables) {
              throw new Error(`no clerk for task '${task.element_id}' of petition ${run?.number ?? '?'}`);
            }
            busy.add(task.key);
            const seen = performance.now();
            note(ready, task.element_id, seen - run.lastActionAt);
            await rest.completeUserTask({ userTaskKey: task.key as never, variables });
            const completed = performance.now();
            note(completing, task.element_id, completed - seen);
            run.lastActionAt = completed;
          }),
        );
        await refill();
        if (fresh.length > 0 || closed.rows.length > 0) progressAt = performance.now();
        else if (performance.now() - progressAt > STALL_MS) {
          const numbers = [...open.values()].map((run) => run.number).join(', ');
          const { rows: waiting } = await server.engine.db.query<{ what: string }>(
            `SELECT 'job ' || type || ' ' || state AS what FROM engine.jobs WHERE state <> 'COMPLETED'
             UNION ALL SELECT 'incident ' || element_id || ': ' || error_message FROM engine.incidents
               WHERE state = 'ACTIVE'
             UNION ALL SELECT 'element ' || element_id || ' ' || state FROM engine.element_instances
               WHERE state IN ('ACTIVATING', 'ACTIVATED', 'COMPLETING') AND element_type <> 'process'`,
          );
          const state = [...new Set(waiting.map((row) => row.what))].join('; ');
          throw new Error(
            `lifecycle: no progress for ${STALL_MS / 1000} s; open petitions: ${numbers}; engine: ${state}`,
          );
        } else await new Promise((resolve) => setTimeout(resolve, ROUND_PAUSE_MS));
      }
      return done;
    };

    log(`lifecycle: warming up with ${WARM_UP} petitions`);
    await drive(WARM_UP, WARM_UP);
    registerMs.length = 0;
    ready.clear();
    completing.clear();

    log(`lifecycle: ${PETITIONS} petitions, ${IN_FLIGHT} in flight`);
    const started = performance.now();
    const runs = await drive(PETITIONS, IN_FLIGHT);
    const seconds = (performance.now() - started) / 1000;
    const steps: Record<string, LifecycleStep> = {};
    for (const [step, times] of ready) {
      const calls = completing.get(step) ?? [];
      steps[step] = {
        count: times.length,
        readyP50Ms: round(percentile(times, 50)),
        readyP99Ms: round(percentile(times, 99)),
        ...(calls.length === 0
          ? {}
          : { completeP50Ms: round(percentile(calls, 50)), completeP99Ms: round(percentile(calls, 99)) }),
      };
    }
    const durations = runs.map((run) => run.closedAt! - run.registeredAt);
    return {
      petitions: runs.length,
      inFlight: IN_FLIGHT,
      seconds: round(seconds, 2),
      fullRunsPerSecond: round(runs.length / seconds, 2),
      registerP50Ms: round(percentile(registerMs, 50)),
      runP50Ms: round(percentile(durations, 50)),
      runP99Ms: round(percentile(durations, 99)),
      steps,
    };
  } finally {
    await workers.stop();
    await camunda.closeAllClients();
    await server.stop();
    await pool.end();
  }
}
