// No job may stay locked for a poll whose client has gone: an SDK worker closed while it still
// handles a job must not leave its ActivateJobs call open to swallow the next job, and a job whose
// message the client cancelled before it left must be given back.
import { EventEmitter } from 'node:events';
import type { Camunda8 } from '@camunda8/sdk';
import type { ServerWritableStream } from '@grpc/grpc-js';
import { expect } from 'chai';
import pino from 'pino';
import type { ActivatedJob } from '../../src/engine/api.js';
import { sendMessages } from '../../src/engine/gateway/activated-jobs.js';
import { startEngineServer, type EngineServer } from '../../src/engine/server.js';
import { closePromptly } from '../../workers/lib/define-worker.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { serviceTaskProcess } from './gateway/harness.js';
import { sdkFor } from './sdk-client.js';

type Zbc = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

/** Far longer than the test may take: a job locked for a gone poll cannot come back in time. */
const JOB_TIMEOUT_MS = 30_000;

describe('long polls whose client has gone', () => {
  let server: EngineServer;
  let zbc: Zbc;
  let database: TestDatabase;

  before(async () => {
    database = await createTestDatabase();
    server = await startEngineServer({
      databaseUrl: database.url,
      grpcPort: 0,
      restPort: 0,
      host: '127.0.0.1',
      clockControlled: false,
      logger: pino({ level: 'silent' }),
    });
    zbc = sdkFor(server.grpcPort, server.restPort).getZeebeGrpcApiClient();
    await server.engine.deployResources([
      { name: 'handback.bpmn', content: serviceTaskProcess('handback', 'handback') },
    ]);
  });

  after(async () => {
    await zbc.close();
    await server.stop();
    await database.drop();
  });

  const createJob = () => server.engine.createProcessInstance({ bpmnProcessId: 'handback', variables: {} });

  /** Resolves when a long poll for the type has found nothing and waits to be handed jobs. */
  function nextHeldPoll(): Promise<void> {
    const engine = server.engine;
    const waitForJobs = engine.waitForJobs.bind(engine);
    return new Promise((resolve) => {
      engine.waitForJobs = (type, signal) => {
        const wait = waitForJobs(type, signal);
        return {
          ...wait,
          accept(request) {
            const accepted = wait.accept(request);
            if (accepted && type === 'handback') {
              engine.waitForJobs = waitForJobs;
              resolve();
            }
            return accepted;
          },
        };
      };
    });
  }

  /** Activates the next job of the type, waiting at most `ms` for one to be activatable. */
  async function activateWithin(ms: number): Promise<ActivatedJob | undefined> {
    const until = Date.now() + ms;
    for (;;) {
      const [job] = await server.engine.activateJobs({
        type: 'handback',
        worker: 'test',
        timeout: JOB_TIMEOUT_MS,
        maxJobsToActivate: 1,
      });
      if (job || Date.now() > until) return job;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('leaves no job locked for the poll of a worker closed while it handles a job', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const handling = new Promise<void>((resolve) => (started = resolve));
    const handled: string[] = [];
    const worker = zbc.createWorker({
      taskType: 'handback',
      pollInterval: 50,
      timeout: JOB_TIMEOUT_MS,
      taskHandler: async (job) => {
        handled.push(job.key);
        started();
        await held;
        return job.complete();
      },
    });
    await createJob();
    await handling;
    // With one job of 32 in hand the worker polls again: wait until that poll is held, ready to
    // be handed the next job.
    await nextHeldPoll();

    const closed = closePromptly(worker);
    release();
    await closed;

    await createJob();
    const job = await activateWithin(10_000);
    expect(job, 'the job created after the worker closed is activatable').to.not.equal(undefined);
    expect(handled).to.have.length(1);
  });
});

/** A server call as sendMessages sees it: writes are flushed only when the test says so. */
function fakeCall() {
  const call = Object.assign(new EventEmitter(), {
    cancelled: false,
    written: [] as { message: unknown; flush: () => void }[],
    write(message: unknown, callback: (error?: Error | null) => void) {
      call.written.push({ message, flush: () => callback(null) });
      return true;
    },
    cancel() {
      call.cancelled = true;
      call.emit('cancelled', 'cancelled');
    },
  });
  return call;
}

type AnyCall = ServerWritableStream<unknown, unknown>;

describe('sendMessages', () => {
  it('tells which messages left before the client cancelled', async () => {
    const call = fakeCall();
    const sent = sendMessages(call as unknown as AnyCall, ['a', 'b', 'c']);
    expect(call.written.map((w) => w.message)).to.deep.equal(['a', 'b', 'c']);
    call.written[0]!.flush();
    call.cancel();
    call.written[1]!.flush(); // grpc-js does not call back after a cancellation; a late call changes nothing
    expect(await sent).to.deep.equal([true, false, false]);
    expect(call.listenerCount('cancelled')).to.equal(0);
  });

  it('resolves once every message is flushed, and writes nothing to a cancelled call', async () => {
    const call = fakeCall();
    const sent = sendMessages(call as unknown as AnyCall, ['a', 'b']);
    for (const write of call.written) write.flush();
    expect(await sent).to.deep.equal([true, true]);
    expect(call.listenerCount('cancelled')).to.equal(0);

    const gone = fakeCall();
    gone.cancel();
    expect(await sendMessages(gone as unknown as AnyCall, ['x'])).to.deep.equal([false]);
    expect(gone.written).to.have.length(0);
  });
});
