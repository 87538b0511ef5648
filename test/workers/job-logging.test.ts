import { expect } from 'chai';
import { z } from 'zod';
import { createLogger, type Logger } from '../../src/logger.js';
import { defineWorker, runJob } from '../../workers/lib/define-worker.js';
import type { WorkerDeps } from '../../workers/lib/deps.js';
import { PermanentFailure } from '../../workers/lib/outcome.js';
import { fakeJob } from './fake-job.js';

/** A logger whose JSON lines land in `texts`, as they would on stdout. */
function capturingLogger(): { logger: Logger; texts: string[] } {
  const texts: string[] = [];
  return {
    logger: createLogger({ logLevel: 'debug' }, { write: (text: string) => void texts.push(text) }),
    texts,
  };
}

const parse = (texts: string[]) => texts.map((text) => JSON.parse(text) as Record<string, unknown>);

// The handler needs no dependencies; nothing here may touch them.
const deps = {} as WorkerDeps;

const worker = defineWorker({
  jobType: 'send-notice',
  variables: z.object({ petitionId: z.string().optional(), fail: z.boolean().optional() }),
  headers: z.object({}),
  async handle({ fail }, { logger }) {
    logger.info({ channel: 'sms' }, 'notice queued');
    if (fail) throw new PermanentFailure('no such template');
    return Promise.resolve({});
  },
});

describe('job workers: log lines of a job', () => {
  it('name the job, its type, process instance, element and petition on every line', async () => {
    const { logger, texts } = capturingLogger();
    const { job, outcome } = fakeJob({ petitionId: 'XF-2026-000123' }, {}, { key: '2251799813700042' });

    await runJob(worker.spec, job, deps, logger);

    expect(outcome().kind).to.equal('complete');
    const lines = parse(texts);
    expect(lines.map((line) => line.msg)).to.deep.equal(['notice queued', 'job completed']);
    for (const line of lines) {
      expect(line).to.include({
        jobKey: '2251799813700042',
        jobType: 'send-notice',
        processInstanceKey: '2251799813600001',
        elementId: 'task',
        petitionNumber: 'XF-2026-000123',
      });
    }
    expect(lines[0]).to.include({ channel: 'sms', level: 30 });
  });

  it('carry the keys on a failure too, and leave out the petition when the job has none', async () => {
    const { logger, texts } = capturingLogger();
    const { job, outcome } = fakeJob({ fail: true }, {}, { key: '2251799813700043' });

    await runJob(worker.spec, job, deps, logger);

    expect(outcome()).to.include({ kind: 'fail', retries: 0 });
    const failed = parse(texts).find((line) => line.msg === 'job failed');
    expect(failed).to.include({
      jobKey: '2251799813700043',
      jobType: 'send-notice',
      processInstanceKey: '2251799813600001',
      elementId: 'task',
      level: 40,
    });
    expect(failed).not.to.have.property('petitionNumber');
  });

  it('carry the keys when the job input is invalid', async () => {
    const { logger, texts } = capturingLogger();
    const { job } = fakeJob({ petitionId: 'XF-2026-000124', fail: 'yes' });

    await runJob(worker.spec, job, deps, logger);

    const invalid = parse(texts).find((line) => line.msg === 'job input is invalid');
    expect(invalid).to.include({ jobType: 'send-notice', petitionNumber: 'XF-2026-000124', level: 50 });
    expect(invalid?.problem).to.contain('fail');
  });

  it('name the job type once when the worker’s logger already does (as startWorkers sets it)', async () => {
    const { logger, texts } = capturingLogger();
    const { job } = fakeJob({ petitionId: 'XF-2026-000125' });

    await runJob(worker.spec, job, deps, logger.child({ jobType: 'send-notice' }));

    expect(texts).to.have.length.greaterThan(0);
    for (const text of texts) expect(text.match(/"jobType"/g)).to.have.length(1);
  });
});
