import { expect } from 'chai';
import express from 'express';
import type { Logger } from 'pino';
import { problemHandler } from '../../src/app/problem.js';
import { REQUEST_ID_HEADER, requestContext, requestLogger } from '../../src/app/request-context.js';
import { createAppServer, listen, type ListeningServer } from '../../src/app/server.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';

type LogLine = Record<string, unknown> & { level: number; msg: string };

/** A logger whose JSON lines land in `lines`, as they would on stdout. */
function capturingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger(
    { logLevel: 'debug' },
    { write: (text: string) => void lines.push(JSON.parse(text) as LogLine) },
  );
  return { logger, lines };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const up = () => Promise.resolve(true);

/** The access log line of one request: written on 'finish', which may trail the answer a little. */
async function accessLine(lines: LogLine[], requestId: string): Promise<LogLine> {
  for (let i = 0; i < 50; i++) {
    const line = lines.find((l) => l.msg === 'request' && l.requestId === requestId);
    if (line !== undefined) return line;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no access log line for ${requestId}: ${JSON.stringify(lines)}`);
}

describe('request context: ids and access log', () => {
  let server: ListeningServer;
  let lines: LogLine[];

  before(async () => {
    const captured = capturingLogger();
    lines = captured.lines;
    const readiness = { database: up, engine: up, workers: up };
    const app = createAppServer({ config: loadConfig({}), logger: captured.logger, readiness });
    server = await listen(app, 0, '127.0.0.1');
  });
  after(() => server.close());
  beforeEach(() => lines.splice(0));

  it('gives a request without X-Request-Id a new UUID, answers with it and logs it', async () => {
    const response = await fetch(`${server.url}/no/such/page?q=1`);

    const requestId = response.headers.get(REQUEST_ID_HEADER);
    expect(requestId).to.match(UUID);
    const line = await accessLine(lines, requestId!);
    expect(line).to.include({ level: 30, method: 'GET', path: '/no/such/page', status: 404 });
    expect(line.ms).to.be.a('number');
    expect(
      lines.filter((l) => l.msg === 'request'),
      'one access line',
    ).to.have.length(1);
  });

  it('keeps the caller’s X-Request-Id, answers with it and logs it on every line', async () => {
    const response = await fetch(`${server.url}/api/petitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [REQUEST_ID_HEADER]: 'proxy-7f3a.01:2' },
      body: '{"title": ',
    });

    expect(response.status).to.equal(400);
    expect(response.headers.get(REQUEST_ID_HEADER)).to.equal('proxy-7f3a.01:2');
    const line = await accessLine(lines, 'proxy-7f3a.01:2');
    expect(line).to.include({ method: 'POST', path: '/api/petitions', status: 400 });
    // The problem handler's line belongs to the same request.
    const problemLine = lines.find((l) => l.msg === '请求内容不是有效的 JSON。');
    expect(problemLine).to.include({ requestId: 'proxy-7f3a.01:2', status: 400 });
  });

  for (const [what, value] of [
    ['a tab and spaces', 'id with\tspaces'],
    ['more than 128 characters', 'x'.repeat(129)],
    ['an empty value', ''],
  ] as const) {
    it(`replaces an X-Request-Id with ${what} by a new UUID`, async () => {
      const response = await fetch(`${server.url}/no/such/page`, { headers: { [REQUEST_ID_HEADER]: value } });

      const requestId = response.headers.get(REQUEST_ID_HEADER);
      expect(requestId).to.match(UUID);
      await accessLine(lines, requestId!);
      expect(JSON.stringify(lines)).not.to.contain(value === '' ? '"requestId":""' : value);
    });
  }

  it('logs the probes’ requests at debug, not info', async () => {
    const response = await fetch(`${server.url}/health`);

    const line = await accessLine(lines, response.headers.get(REQUEST_ID_HEADER)!);
    expect(line).to.include({ level: 20, path: '/health', status: 200 });
  });
});

describe('request context: username and failures', () => {
  let server: ListeningServer;
  let lines: LogLine[];

  before(async () => {
    const captured = capturingLogger();
    lines = captured.lines;
    const app = express();
    app.use(requestContext(captured.logger));
    // Stands in for requireSession, which puts the session in res.locals.
    app.use('/signed-in', (_req, res, next) => {
      res.locals.session = { user: { username: 'housing' } };
      next();
    });
    app.get('/signed-in/work', (_req, res) => {
      requestLogger(res, captured.logger).info('doing the work');
      res.json({ ok: true });
    });
    app.get('/bug', () => {
      throw new Error('SELECT failed: relation "app.petitions" does not exist');
    });
    app.use(problemHandler(captured.logger));
    server = await listen(app, 0, '127.0.0.1');
  });
  after(() => server.close());
  beforeEach(() => lines.splice(0));

  it('adds the username to the request’s lines once the request is signed in', async () => {
    const response = await fetch(`${server.url}/signed-in/work`, { headers: { [REQUEST_ID_HEADER]: 'r-1' } });

    expect(response.status).to.equal(200);
    const work = lines.find((l) => l.msg === 'doing the work');
    expect(work).to.include({
      requestId: 'r-1',
      method: 'GET',
      path: '/signed-in/work',
      username: 'housing',
    });
    expect(await accessLine(lines, 'r-1')).to.include({ username: 'housing', status: 200 });
  });

  it('puts the request id in a 500 problem and on its error log line', async () => {
    const response = await fetch(`${server.url}/bug`);

    expect(response.status).to.equal(500);
    const requestId = response.headers.get(REQUEST_ID_HEADER);
    expect(requestId).to.match(UUID);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).to.include({ type: 'about:blank', status: 500, requestId });
    expect(JSON.stringify(body)).not.to.contain('app.petitions');
    const failure = lines.find((l) => l.msg === 'request failed');
    expect(failure).to.include({ level: 50, requestId, method: 'GET', path: '/bug', status: 500 });
    expect((failure?.err as { message?: string }).message).to.contain('app.petitions');
    expect(await accessLine(lines, requestId!)).to.include({ status: 500 });
  });
});
