// The real app on a free port, against a real embedded engine on its own test database, reached
// through the Camunda client the launcher uses. Plus a small HTTP client that keeps its session
// cookie.
import { readFileSync, readdirSync } from 'node:fs';
import type { Camunda8 } from '@camunda8/sdk';
import { pino } from 'pino';
import { createApiDeps } from '../../src/app/api/create.js';
import type { ApiDeps } from '../../src/app/api/deps.js';
import { createAppServer, listen, type ListeningServer } from '../../src/app/server.js';
import { loadConfig, type AppConfig } from '../../src/config/index.js';
import { DataKey } from '../../src/domain/petitioners/index.js';
import { seedReference } from '../../src/domain/seed/index.js';
import { createUser } from '../../src/domain/users/index.js';
import { startEngineServer, type EngineServer } from '../../src/engine/server.js';
import { createCamundaClient } from '../../workers/camunda-client.js';
import { startWorkers } from '../../workers/index.js';
import { engineTimeSource } from '../../workers/lib/deps.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

export const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
export const PASSWORD = 'correct horse 2026';

const repoFile = (path: string) => new URL(`../../${path}`, import.meta.url);

/** One user per kind of access the tests need. */
export const USERS = [
  { username: 'intake', displayName: '登记员', roles: ['intake'], unitCode: 'petition-office' },
  { username: 'office', displayName: '信访局经办', roles: ['office'], unitCode: 'petition-office' },
  {
    username: 'housing',
    displayName: '住建局经办人',
    roles: ['unit_handler'],
    unitCode: 'housing-construction',
  },
  {
    username: 'housing-head',
    displayName: '住建局负责人',
    roles: ['unit_head'],
    unitCode: 'housing-construction',
  },
  { username: 'education', displayName: '教育局经办人', roles: ['unit_handler'], unitCode: 'education' },
  { username: 'discipline', displayName: '纪委监委联络员', roles: ['discipline'], unitCode: 'discipline' },
  { username: 'designer', displayName: '流程设计', roles: ['designer'], unitCode: null },
] as const;

export interface AppUnderTest {
  database: TestDatabase;
  engine: EngineServer;
  config: AppConfig;
  camunda: Camunda8;
  api: ApiDeps;
  server: ListeningServer;
  dataKey: DataKey;
  close(): Promise<void>;
}

/** The petition model and its forms, as deployed by the designers (bpmn/, forms/). */
export function petitionModelResources(): File[] {
  const forms = readdirSync(repoFile('forms/')).filter((name) => name.endsWith('.form'));
  const models = readdirSync(repoFile('bpmn/')).filter((name) => name.endsWith('.bpmn'));
  return [
    ...models.map(
      (name) => new File([readFileSync(repoFile(`bpmn/${name}`))], name, { type: 'application/xml' }),
    ),
    ...forms.map(
      (name) => new File([readFileSync(repoFile(`forms/${name}`))], name, { type: 'application/json' }),
    ),
  ];
}

export async function startAppUnderTest(
  options: {
    camundaFor?: (config: AppConfig) => Camunda8;
    deploy?: boolean;
    /** Also serve the built web app from this folder (test/web/support/browser.ts builds it). */
    webDir?: string;
    /** Run the real job workers too (routing, deadlines, letters), as `npm start` does. */
    workers?: boolean;
  } = {},
): Promise<AppUnderTest> {
  const database = await createTestDatabase();
  await seedReference(database.pool);
  const dataKey = DataKey.fromSecret('test data key for the app tests, 32+ chars');
  for (const user of USERS) {
    await createUser(database.pool, { ...user, roles: [...user.roles], password: PASSWORD }, new Date());
  }
  const engine = await startEngineServer({
    databaseUrl: database.url,
    grpcPort: 0,
    restPort: 0,
    host: '127.0.0.1',
    clockControlled: true,
    logger,
  });
  const config = loadConfig({
    ENGINE_GRPC_PORT: String(engine.grpcPort),
    ENGINE_REST_PORT: String(engine.restPort),
    LOG_LEVEL: 'silent',
  });
  const camunda = options.camundaFor?.(config) ?? createCamundaClient(config);
  if (options.deploy !== false) {
    const deployer = createCamundaClient(config);
    await deployer
      .getOrchestrationClusterApiClient()
      .createDeployment({ resources: petitionModelResources() });
    await deployer.closeAllClients();
  }
  const api = createApiDeps({
    db: database.pool,
    camunda,
    dataKey,
    engineNow: engineTimeSource(`http://127.0.0.1:${engine.restPort}/actuator/clock`),
    logger,
  });
  const workerClient = options.workers ? createCamundaClient(config) : undefined;
  const workers = workerClient
    ? startWorkers(workerClient, config, logger, {
        db: database.pool,
        dataKey,
        now: engineTimeSource(`http://127.0.0.1:${engine.restPort}/actuator/clock`),
      })
    : undefined;
  const up = () => Promise.resolve(true);
  const app = createAppServer({
    config,
    logger,
    readiness: { database: up, engine: up, workers: up },
    api,
    webDir: options.webDir,
  });
  const server = await listen(app, 0, '127.0.0.1');
  return {
    database,
    engine,
    config,
    camunda,
    api,
    server,
    dataKey,
    async close() {
      await server.close();
      await workers?.stop();
      await workerClient?.closeAllClients();
      await api.dispatcher.stop();
      await camunda.closeAllClients();
      await engine.stop();
      await database.drop();
    },
  };
}

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * A browser-like client: sends JSON, keeps the session cookie it is given, and, like the web app,
 * sends the CSRF token the session answers (`csrfToken`) as X-CSRF-Token.
 */
export class ApiClient {
  cookie: string | undefined;
  bearer: string | undefined;
  csrfToken: string | undefined;

  constructor(readonly base: string) {}

  async send<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie !== undefined) headers.cookie = this.cookie;
    if (this.cookie !== undefined && this.csrfToken !== undefined) headers['x-csrf-token'] = this.csrfToken;
    if (this.bearer !== undefined) headers.authorization = `Bearer ${this.bearer}`;
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie !== null) {
      const pair = setCookie.split(';')[0] ?? '';
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (path === '/api/session' && response.ok) {
      const csrfToken = (parsed as { csrfToken?: unknown } | undefined)?.csrfToken;
      this.csrfToken = typeof csrfToken === 'string' ? csrfToken : undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  async login(username: string, password = PASSWORD): Promise<this> {
    const answer = await this.send('POST', '/api/session', { username, password });
    if (answer.status !== 200) throw new Error(`login of ${username} answered ${answer.status}`);
    return this;
  }
}

export async function signedIn(app: AppUnderTest, username: string): Promise<ApiClient> {
  return new ApiClient(app.server.url).login(username);
}

/** A valid ID number with its check character (region 419901 does not exist). */
export function idNumber(birthDate: string, sequence: number): string {
  const first17 = `419901${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * (weights[i] ?? 0), 0);
  return `${first17}${'10X98765432'[sum % 11] ?? ''}`;
}

export function petitionInput(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'visit',
    petitioner: {
      name: '张三',
      idNumber: idNumber('1970-03-01', 11),
      phone: '13800138000',
      address: '城关镇幸福路 1 号',
    },
    title: '小区楼顶漏水多年无人维修',
    content: '我住在城关镇幸福小区 3 号楼顶层，楼顶漏水已经三年，多次向物业反映无人处理，请求督促维修。',
    category: 'housing-security',
    area: 'chengguan',
    ...overrides,
  };
}

/** The SDK brands its keys and ids; the tests hold them as plain strings. */
export function branded<T>(value: string): T {
  return value as unknown as T;
}
