// The same five-task model on bpmn-engine (an in-memory JavaScript BPMN engine), for a
// side-by-side figure. Service tasks are in-memory async functions and the gateway's FEEL
// condition is evaluated with feelin; nothing is persisted, so there is no database round trip.
import { readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';
import { Engine, type BpmnEngineOptions } from 'bpmn-engine';
import { evaluate } from 'feelin';
import { round } from './stats.js';

export interface BpmnEngineRun {
  instancesInFlight: number;
  instances: number;
  seconds: number;
  instancesPerSecond: number;
  serviceCallsPerInstance: number;
}

export type BpmnEngineBenchResult = Record<string, BpmnEngineRun>;

const INSTANCES = Number(process.env.BENCH_BPMN_ENGINE_INSTANCES ?? 500);
/** One instance at a time, and as many in flight as the engine suite keeps. */
const IN_FLIGHT = [1, 64];
const WARM_UP = 200;

interface ServiceActivity {
  type: string;
  behaviour: unknown;
}

interface ServiceCallback {
  (error: Error | null, output?: unknown): void;
}

/** Resolves `=`-prefixed expressions as FEEL over the instance variables; other text stays as is. */
const feelExpressions = {
  resolveExpression(text: string, context?: { environment?: { variables?: Record<string, unknown> } }) {
    if (!text.startsWith('=')) return text;
    return evaluate(text.slice(1), context?.environment?.variables ?? {}).value;
  },
};

export async function benchBpmnEngine(log: (line: string) => void): Promise<BpmnEngineBenchResult> {
  const source = readFileSync(new URL('./models/five-tasks.bpmn', import.meta.url), 'utf8');
  // Parsed once, as a long-lived application would; each instance only builds its run from it.
  const moddleContext = await new BpmnModdle().fromXML(source);
  let serviceCalls = 0;
  // Every service task runs an async function that completes on a later turn of the event loop.
  const serviceTasks = (activity: ServiceActivity) => {
    if (activity.type !== 'bpmn:ServiceTask') return;
    (activity.behaviour as { Service?: unknown }).Service = function Service() {
      return {
        execute(_message: unknown, callback: ServiceCallback) {
          serviceCalls++;
          setImmediate(() => callback(null, {}));
        },
      };
    };
  };

  const runOne = async (index: number) => {
    const engine = new Engine({
      name: `five-tasks-${index}`,
      moddleContext,
      // An extension that returns nothing only sets up the activity (bpmn-elements skips it).
      extensions: { serviceTasks } as unknown as BpmnEngineOptions['extensions'],
      expressions: feelExpressions,
    });
    const ended = engine.waitFor('end');
    await engine.execute({ variables: { route: index % 2 === 0 ? 'a' : 'b' } });
    await ended;
  };

  const runMany = async (count: number, inFlight: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(inFlight, count) }, async () => {
        while (next < count) await runOne(next++);
      }),
    );
  };

  log(`bpmn-engine: warming up with ${WARM_UP} instances`);
  await runMany(WARM_UP, 1);
  const result: BpmnEngineBenchResult = {};
  for (const inFlight of IN_FLIGHT) {
    log(`bpmn-engine: ${INSTANCES} instances, ${inFlight} in flight`);
    serviceCalls = 0;
    const started = performance.now();
    await runMany(INSTANCES, inFlight);
    const seconds = (performance.now() - started) / 1000;
    result[`${inFlight} in flight`] = {
      instancesInFlight: inFlight,
      instances: INSTANCES,
      seconds: round(seconds, 2),
      instancesPerSecond: round(INSTANCES / seconds),
      serviceCallsPerInstance: round(serviceCalls / INSTANCES, 2),
    };
  }
  return result;
}
