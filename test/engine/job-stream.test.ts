// A job stream on the real engine: new jobs are handed to it by the commands that create them, and
// a busy stream does not look in the database for each one, yet still finds jobs no one was
// handed (a back-off that ran out).
import type { Camunda8 } from '@camunda8/sdk';
import { expect } from 'chai';
import pino from 'pino';
import type { ActivateJobsRequest } from '../../src/engine/api.js';
import { Notifier } from '../../src/engine/notifier.js';
import { startEngineServer, type EngineServer } from '../../src/engine/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { fixture } from './harness.js';
import { sdkFor } from './sdk-client.js';

type Zbc = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

describe('job streams on the engine', () => {
  let server: EngineServer;
  let zbc: Zbc;
  let database: TestDatabase;
  /** The types of the engine's activateJobs calls: each is one look in the database. */
  let looks: string[];

  before(async () => {
    database = await createTestDatabase();
    // The real clock: back-offs run out by waiting.
    server = await startEngineServer({
      databaseUrl: database.url,
      grpcPort: 0,
      restPort: 0,
      host: '127.0.0.1',
      clockControlled: false,
      logger: pino({ level: 'silent' }),
    });
    const engine = server.engine;
    const activate = engine.activateJobs.bind(engine);
    engine.activateJobs = (request: ActivateJobsRequest) => {
      looks.push(request.type);
      return activate(request);
    };
    zbc = sdkFor(server.grpcPort, server.restPort).getZeebeGrpcApiClient();
    await zbc.deployResource({ name: 'error-boundary.bpmn', process: fixture('bpmn/error-boundary.bpmn') });
  });

  beforeEach(() => {
    looks = [];
  });

  after(async () => {
    await zbc.close();
    await server.stop();
    await database.drop();
  });

  /** A stream for `type` that hands each job to `handle`; only the stream delivers (no sidecar poll). */
  function stream(type: string, handle: Parameters<Zbc['streamJobs']>[0]['taskHandler']) {
    return zbc.streamJobs({
      type,
      worker: `${type}-stream`,
      timeout: 30_000,
      tenantIds: ['<default>'],
      pollInterval: 0,
      taskHandler: handle,
    });
  }

  /** Resolves once the engine's stream for `type` waits for new jobs. */
  async function untilStreamWaits(): Promise<void> {
    for (let tries = 0; tries < 200; tries++) {
      if (looks.includes('review')) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the stream never looked for jobs');
  }

  it('hands each new job to a busy stream without a look in the database per job', async () => {
    const reviewed: string[] = [];
    const notify = await stream('notify', (job) => job.complete());
    const review = await stream('review', (job) => {
      reviewed.push(job.processInstanceKey);
      return job.complete();
    });
    try {
      await untilStreamWaits();
      const instances = 20;
      const started: string[] = [];
      for (let n = 0; n < instances; n++) {
        const result = await zbc.createProcessInstanceWithResult({
          bpmnProcessId: 'error-boundary',
          variables: { n },
          requestTimeout: 10_000,
        });
        started.push(result.processInstanceKey);
      }
      expect(reviewed).to.deep.equal(started);
      // Before, every job cost the stream one look; now it looks once, and again only every
      // 500 ms while busy.
      const reviewLooks = looks.filter((type) => type === 'review').length;
      expect(reviewLooks, `looks: ${reviewLooks}`).to.be.lessThan(instances / 2);
    } finally {
      review.close();
      notify.close();
    }
  });

  it('finds a job whose back-off ran out while the stream is kept busy with new jobs', async () => {
    let redelivered: number | undefined;
    let failedAt = 0;
    const notify = await stream('notify', (job) => job.complete());
    const review = await stream('review', (job) => {
      if ((job.variables as { failOnce?: boolean }).failOnce !== true) return job.complete();
      if (failedAt === 0) {
        failedAt = Date.now();
        return job.fail({ errorMessage: 'try again later', retries: 2, retryBackOff: 300 });
      }
      redelivered = Date.now();
      return job.complete();
    });
    try {
      await untilStreamWaits();
      const failing = zbc.createProcessInstanceWithResult({
        bpmnProcessId: 'error-boundary',
        variables: { failOnce: true },
        requestTimeout: 10_000,
      });
      // Other instances keep handing the stream jobs, so it never waits long enough to look.
      const until = Date.now() + 2_500;
      while (redelivered === undefined && Date.now() < until) {
        await zbc.createProcessInstanceWithResult({
          bpmnProcessId: 'error-boundary',
          variables: {},
          requestTimeout: 10_000,
        });
      }
      await failing;
      expect(redelivered, 'the failed job came back').to.be.a('number');
      // The back-off (300 ms) plus at most one forced look (500 ms) and some slack for a busy machine.
      expect(redelivered! - failedAt).to.be.lessThan(1_500);
    } finally {
      review.close();
      notify.close();
    }
  });
});

describe('the notifier marks announced jobs', () => {
  const request: ActivateJobsRequest = { type: 'review', worker: 'w', timeout: 1_000, maxJobsToActivate: 1 };

  it('gives two waits the same mark when nothing was announced in between', () => {
    const notifier = new Notifier();
    const abort = new AbortController();
    const first = notifier.waitForJobs('review', abort.signal);
    first.accept(request);
    // Jobs handed to a wait are no announcement.
    notifier.reserveWaiter('review')!.finish([]);
    const second = notifier.waitForJobs('review', abort.signal);
    expect(second.mark).to.equal(first.mark);
    abort.abort();
  });

  it('changes the mark when jobs of the type, or of every type, were announced, even with no one waiting', () => {
    const notifier = new Notifier();
    const abort = new AbortController();
    const before = notifier.mark('review');
    notifier.jobsAvailable('other');
    expect(notifier.mark('review')).to.equal(before);
    notifier.jobsAvailable('review');
    const afterType = notifier.mark('review');
    expect(afterType).to.be.greaterThan(before);
    notifier.everything();
    expect(notifier.mark('review')).to.be.greaterThan(afterType);
    expect(notifier.waitForJobs('review', abort.signal).mark).to.equal(notifier.mark('review'));
    abort.abort();
  });
});
