import { expect } from 'chai';
import { pino } from 'pino';
import { invalidArgument } from '../../../src/engine/errors.js';
import { startEngineRest, type EngineRestServer } from '../../../src/engine/rest/index.js';
import { FakeEngine } from '../gateway/fake-engine.js';

const logger = pino({ level: 'silent' });
const PINNED = Date.UTC(2026, 2, 2, 8, 30, 0); // 2026-03-02T08:30:00.000Z

async function startRest(clockControlled: boolean) {
  const engine = new FakeEngine();
  const server = await startEngineRest({ engine, host: '127.0.0.1', port: 0, clockControlled, logger });
  const base = `http://127.0.0.1:${server.port}`;
  const send = (method: string, path: string, body?: unknown) =>
    fetch(base + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { engine, server, send };
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
}

async function expectProblem(response: Response, status: number, detail: RegExp): Promise<Problem> {
  expect(response.status).to.equal(status);
  expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
  const problem = (await response.json()) as Problem;
  expect(problem).to.have.keys(['type', 'title', 'status', 'detail', 'instance']);
  expect(problem.status).to.equal(status);
  expect(problem.detail).to.match(detail);
  return problem;
}

describe('engine REST: clock', () => {
  let rest: Awaited<ReturnType<typeof startRest>>;
  let server: EngineRestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  describe('with a controlled clock', () => {
    beforeEach(async () => {
      rest = await startRest(true);
      server = rest.server;
    });

    it('pins the clock with PUT /v2/clock and reports it on GET /actuator/clock', async () => {
      const put = await rest.send('PUT', '/v2/clock', { timestamp: PINNED });
      expect(put.status).to.equal(204);
      expect(rest.engine.callsOf('pinClock')).to.deep.equal([[PINNED]]);

      const get = await rest.send('GET', '/actuator/clock');
      expect(get.status).to.equal(200);
      expect(await get.json()).to.deep.equal({ epochMilli: PINNED, instant: '2026-03-02T08:30:00.000Z' });
    });

    it('adds an offset with POST /actuator/clock/add and answers the new time', async () => {
      await rest.send('POST', '/actuator/clock/pin', { epochMilli: PINNED });
      const add = await rest.send('POST', '/actuator/clock/add', { offsetMilli: 86_400_000 });
      expect(add.status).to.equal(200);
      expect(await add.json()).to.deep.equal({
        epochMilli: PINNED + 86_400_000,
        instant: '2026-03-03T08:30:00.000Z',
      });
      expect(rest.engine.callsOf('addClockOffset')).to.deep.equal([[86_400_000]]);
    });

    it('resets to the system time with POST /v2/clock/reset and DELETE /actuator/clock', async () => {
      await rest.send('PUT', '/v2/clock', { timestamp: PINNED });
      const reset = await rest.send('POST', '/v2/clock/reset');
      expect(reset.status).to.equal(204);
      const { epochMilli } = (await (await rest.send('GET', '/actuator/clock')).json()) as {
        epochMilli: number;
      };
      expect(Math.abs(epochMilli - Date.now())).to.be.lessThan(5_000);

      await rest.send('POST', '/actuator/clock/add', { offsetMilli: 3_600_000 });
      const deleted = await rest.send('DELETE', '/actuator/clock');
      expect(deleted.status).to.equal(200);
      const body = (await deleted.json()) as { epochMilli: number };
      expect(Math.abs(body.epochMilli - Date.now())).to.be.lessThan(5_000);
      expect(rest.engine.callsOf('resetClock')).to.have.length(2);
    });

    it('answers 400 naming the field for bad bodies', async () => {
      await expectProblem(
        await rest.send('PUT', '/v2/clock', { timestamp: 'tomorrow' }),
        400,
        /timestamp: .*expected number/,
      );
      await expectProblem(await rest.send('PUT', '/v2/clock', {}), 400, /timestamp/);
      await expectProblem(await rest.send('PUT', '/v2/clock', { timestamp: 1.5 }), 400, /timestamp/);
      await expectProblem(await rest.send('POST', '/actuator/clock/add', { offset: 5 }), 400, /offsetMilli/);
      await expectProblem(
        await rest.send('POST', '/actuator/clock/pin', { epochMilli: -1 }),
        400,
        /epochMilli/,
      );
      await expectProblem(await rest.send('PUT', '/v2/clock', '{"timestamp": '), 400, /Invalid request body/);
      await expectProblem(await rest.send('PUT', '/v2/clock'), 400, /request body/);
      expect(rest.engine.callsOf('pinClock')).to.have.length(0);
      expect(rest.engine.callsOf('addClockOffset')).to.have.length(0);
    });

    it('maps an engine rejection to its HTTP status', async () => {
      rest.engine.rejectNext('pinClock', invalidArgument('Cannot pin the clock before the last record'));
      const problem = await expectProblem(
        await rest.send('PUT', '/v2/clock', { timestamp: PINNED }),
        400,
        /^Cannot pin the clock before the last record$/,
      );
      expect(problem.title).to.equal('INVALID_ARGUMENT');
    });
  });

  describe('with the clock not controlled', () => {
    beforeEach(async () => {
      rest = await startRest(false);
      server = rest.server;
    });

    it('answers 403 to every change and leaves the engine clock alone', async () => {
      const attempts: [string, string, unknown][] = [
        ['PUT', '/v2/clock', { timestamp: PINNED }],
        ['POST', '/v2/clock/reset', undefined],
        ['POST', '/actuator/clock/add', { offsetMilli: 1_000 }],
        ['POST', '/actuator/clock/pin', { epochMilli: PINNED }],
        ['DELETE', '/actuator/clock', undefined],
      ];
      for (const [method, path, body] of attempts) {
        const problem = await expectProblem(
          await rest.send(method, path, body),
          403,
          /clock is not controlled/,
        );
        expect(problem.title).to.equal('FORBIDDEN');
      }
      for (const method of ['pinClock', 'resetClock', 'addClockOffset'] as const) {
        expect(rest.engine.callsOf(method), method).to.have.length(0);
      }
    });

    it('still reports the time', async () => {
      const response = await rest.send('GET', '/actuator/clock');
      expect(response.status).to.equal(200);
      const body = (await response.json()) as { epochMilli: number; instant: string };
      expect(new Date(body.instant).getTime()).to.equal(body.epochMilli);
    });
  });
});
