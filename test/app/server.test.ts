import { expect } from 'chai';
import express from 'express';
import { pino } from 'pino';
import { httpProblem, problemHandler, ProblemError } from '../../src/app/problem.js';
import type { ReadinessChecks } from '../../src/app/readiness.js';
import { createAppServer, listen, type ListeningServer } from '../../src/app/server.js';
import { loadConfig } from '../../src/config/index.js';

const logger = pino({ level: 'silent' });
const up = () => Promise.resolve(true);

describe('app server', () => {
  let server: ListeningServer;
  let checks: ReadinessChecks;

  before(async () => {
    // The app reads the checks through this object, so each test can swap them.
    const readiness: ReadinessChecks = {
      database: () => checks.database(),
      engine: () => checks.engine(),
      workers: () => checks.workers(),
    };
    server = await listen(createAppServer({ config: loadConfig({}), logger, readiness }), 0, '127.0.0.1');
  });
  after(() => server.close());
  beforeEach(() => {
    checks = { database: up, engine: up, workers: up };
  });

  it('answers /health with UP while the process runs', async () => {
    checks.database = () => Promise.resolve(false);

    const response = await fetch(`${server.url}/health`);

    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ status: 'UP' });
  });

  it('is ready when the database, the engine and the workers all answer', async () => {
    const response = await fetch(`${server.url}/ready`);

    expect(response.status).to.equal(200);
    expect(response.headers.get('cache-control')).to.equal('no-store');
    expect(await response.json()).to.deep.equal({
      status: 'UP',
      checks: { database: 'UP', engine: 'UP', workers: 'UP' },
      failed: [],
    });
  });

  it('is not ready, and says which check failed, when one answers false', async () => {
    checks.engine = () => Promise.resolve(false);

    const response = await fetch(`${server.url}/ready`);

    expect(response.status).to.equal(503);
    const body = (await response.json()) as { hints: { part: string; zh: string; en: string }[] };
    expect(body).to.deep.include({
      status: 'DOWN',
      checks: { database: 'UP', engine: 'DOWN', workers: 'UP' },
      failed: ['engine'],
    });
    expect(body.hints.map((hint) => hint.part)).to.deep.equal(['engine']);
    expect(body.hints[0]!.zh).to.match(/[\u4e00-\u9fff]/);
  });

  it('counts a check that throws as failed', async () => {
    checks.database = () => Promise.reject(new Error('connection refused'));
    checks.workers = () => Promise.resolve(false);

    const response = await fetch(`${server.url}/ready`);

    expect(response.status).to.equal(503);
    expect(((await response.json()) as { failed: string[] }).failed).to.deep.equal(['database', 'workers']);
  });

  it('answers an unknown address with a 404 problem', async () => {
    const response = await fetch(`${server.url}/no/such/page`);

    expect(response.status).to.equal(404);
    expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(await response.json()).to.deep.equal({
      type: 'about:blank',
      title: '未找到',
      status: 404,
      detail: '没有这个地址：GET /no/such/page',
    });
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await fetch(`${server.url}/api/petitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title": ',
    });

    expect(response.status).to.equal(400);
    expect(await response.json()).to.deep.equal(httpProblem(400, '请求内容不是有效的 JSON。'));
  });
});

describe('problem handler', () => {
  let server: ListeningServer;

  before(async () => {
    const app = express();
    app.get('/conflict', () => {
      throw new ProblemError({
        type: 'urn:xinfang-flow:problem:petition-already-accepted',
        title: '信访事项已受理',
        status: 409,
        detail: '该信访事项已于 2026-01-05 受理，不能重复受理。',
      });
    });
    app.get('/bug', () => {
      throw new Error('SELECT failed: relation "app.petitions" does not exist');
    });
    app.use(problemHandler(logger));
    server = await listen(app, 0, '127.0.0.1');
  });
  after(() => server.close());

  it('sends a thrown problem as it is', async () => {
    const response = await fetch(`${server.url}/conflict`);

    expect(response.status).to.equal(409);
    expect(await response.json()).to.deep.equal({
      type: 'urn:xinfang-flow:problem:petition-already-accepted',
      title: '信访事项已受理',
      status: 409,
      detail: '该信访事项已于 2026-01-05 受理，不能重复受理。',
    });
  });

  it('hides the details of an unexpected error behind a 500 problem', async () => {
    const response = await fetch(`${server.url}/bug`);

    expect(response.status).to.equal(500);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).to.include({ type: 'about:blank', title: '服务器内部错误', status: 500 });
    expect(JSON.stringify(body)).not.to.contain('app.petitions');
  });
});
