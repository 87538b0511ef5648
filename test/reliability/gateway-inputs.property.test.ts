// Property tests of the Zeebe gateway (gRPC) against the real engine: malformed, wrong-typed,
// unknown-key, oversized and plain garbage requests are answered with a clear status (never a
// crash, never INTERNAL for a request the protocol could decode), the gateway keeps answering,
// and not one row of the engine's tables changes.
import {
  credentials,
  loadPackageDefinition,
  Metadata,
  status,
  type Client,
  type GrpcObject,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { expect } from 'chai';
import fc from 'fast-check';
import { pino } from 'pino';
import { PROTO_LOADER_OPTIONS, resolveGatewayProtoPath } from '../../src/engine/gateway/index.js';
import { startEngineServer, type EngineServer } from '../../src/engine/server.js';
import { fixture } from '../engine/harness.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { engineFingerprint } from './support/fingerprint.js';

const RUNS = 100;
/** Statuses that say what was wrong with the request. */
const CLEAR = new Set([
  status.INVALID_ARGUMENT,
  status.NOT_FOUND,
  status.FAILED_PRECONDITION,
  status.ALREADY_EXISTS,
  status.OUT_OF_RANGE,
  status.RESOURCE_EXHAUSTED,
]);

type Callback = (error: ServiceError | null, response?: unknown) => void;
type Gateway = Client &
  Record<string, (request: object, metadata: Metadata, options: object, cb: Callback) => void>;

interface Outcome {
  code: status;
  details: string;
}

describe('gateway inputs (property tests)', function () {
  this.timeout(120_000);
  let database: TestDatabase;
  let server: EngineServer;
  let gateway: Gateway;
  let known: Set<string>;
  let rowsBefore: string;

  before(async () => {
    database = await createTestDatabase();
    server = await startEngineServer({
      databaseUrl: database.url,
      grpcPort: 0,
      restPort: 0,
      host: '127.0.0.1',
      clockControlled: true,
      logger: pino({ level: 'silent' }),
    });
    await server.engine.deployResources([
      { name: 'service-tasks.bpmn', content: fixture('bpmn/service-tasks.bpmn') },
    ]);
    const definition = loadPackageDefinition(loadSync(resolveGatewayProtoPath(), PROTO_LOADER_OPTIONS));
    const Constructor = (definition.gateway_protocol as GrpcObject).Gateway as unknown as new (
      address: string,
      creds: ReturnType<typeof credentials.createInsecure>,
      options: object,
    ) => Gateway;
    gateway = new Constructor(`127.0.0.1:${server.grpcPort}`, credentials.createInsecure(), {
      // Let oversized requests leave the client, so the gateway is the one to refuse them.
      'grpc.max_send_message_length': 64 * 1024 * 1024,
    });
    const { rows } = await database.pool.query<{ key: string }>(
      `SELECT key::text FROM engine.process_definitions UNION SELECT key::text FROM engine.deployments`,
    );
    known = new Set(rows.map((row) => row.key));
  });

  after(async () => {
    gateway.close();
    await server.stop();
    await database.drop();
  });

  beforeEach(async () => {
    rowsBefore = await engineFingerprint(database.pool);
  });

  afterEach(async () => {
    // Still answering, and nothing stored.
    expect((await unary('Topology', {})).code).to.equal(status.OK);
    expect(await engineFingerprint(database.pool)).to.equal(rowsBefore);
  });

  function unary(method: string, request: object, deadlineMs = 5_000): Promise<Outcome> {
    return new Promise((resolve) => {
      gateway[method]!(request, new Metadata(), { deadline: Date.now() + deadlineMs }, (error) =>
        resolve(error ? { code: error.code, details: error.details } : { code: status.OK, details: '' }),
      );
    });
  }

  /** A rejected request names its problem with a clear status. */
  function expectClear(outcome: Outcome, what: string): void {
    expect(CLEAR.has(outcome.code), `${what}: status ${status[outcome.code]} (${outcome.details})`).to.equal(
      true,
    );
    expect(outcome.details.trim(), `${what}: a message`).to.not.equal('');
  }

  // ---- arbitraries ----------------------------------------------------------------------

  /** An int64 key as the wire carries it, never one that exists. */
  const unknownKey = () =>
    fc
      .oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: 0n, max: 10_000n }))
      .map(String)
      .filter((key) => !known.has(key));
  /** Variables that are not a JSON object document. */
  const badVariables = () =>
    fc.oneof(
      // Blank variables mean "none" in the protocol: a valid request.
      fc.string().filter((text) => text.trim() !== '' && !isJsonObject(text)),
      fc
        .jsonValue()
        .map((value) => JSON.stringify(value))
        .filter((text) => !isJsonObject(text)),
      fc.constantFrom('{', '{"a":', '[1,2', 'null', '"x"', '42', 'true', '{"a":1}}'),
    );
  /** Any variables document, good or bad. */
  const anyVariables = () =>
    fc.oneof(
      badVariables(),
      fc.dictionary(fc.string(), fc.jsonValue()).map((v) => JSON.stringify(v)),
    );
  const text = () => fc.string({ maxLength: 80 });

  // ---- properties -------------------------------------------------------------------------

  it('CreateProcessInstance: unknown processes, bad variables', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            bpmnProcessId: text().filter((id) => id !== 'service-tasks'),
            version: fc.integer(),
            variables: anyVariables(),
          }),
          fc.record({ processDefinitionKey: unknownKey(), variables: anyVariables() }),
          fc.record({
            bpmnProcessId: fc.constant('service-tasks'),
            version: fc.constant(-1),
            variables: badVariables(),
          }),
        ),
        async (request) =>
          expectClear(await unary('CreateProcessInstance', request), 'CreateProcessInstance'),
      ),
      { numRuns: RUNS },
    );
  });

  it('PublishMessage: no name, bad variables', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ name: fc.constant(''), correlationKey: text(), variables: anyVariables() }),
          fc.record({
            name: text().filter((n) => n !== ''),
            correlationKey: text(),
            variables: badVariables(),
          }),
        ),
        fc.integer({ min: 0, max: 60_000 }),
        async (request, timeToLive) =>
          expectClear(
            await unary('PublishMessage', { ...request, timeToLive: String(timeToLive) }),
            'PublishMessage',
          ),
      ),
      { numRuns: RUNS },
    );
  });

  it('CompleteJob, FailJob, ThrowError, UpdateJobRetries, UpdateJobTimeout: unknown jobs, bad variables', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ method: fc.constant('CompleteJob'), jobKey: unknownKey(), variables: anyVariables() }),
          fc.record({
            method: fc.constant('FailJob'),
            jobKey: unknownKey(),
            retries: fc.integer(),
            errorMessage: text(),
            retryBackOff: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
            variables: anyVariables(),
          }),
          fc.record({
            method: fc.constant('ThrowError'),
            jobKey: unknownKey(),
            errorCode: text(),
            errorMessage: text(),
            variables: anyVariables(),
          }),
          fc.record({ method: fc.constant('UpdateJobRetries'), jobKey: unknownKey(), retries: fc.integer() }),
          fc.record({
            method: fc.constant('UpdateJobTimeout'),
            jobKey: unknownKey(),
            timeout: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
          }),
        ),
        async ({ method, ...request }) => expectClear(await unary(method, request), method),
      ),
      { numRuns: RUNS },
    );
  });

  it('SetVariables, CancelProcessInstance, ResolveIncident: unknown keys, bad variables', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            method: fc.constant('SetVariables'),
            elementInstanceKey: unknownKey(),
            variables: anyVariables(),
            local: fc.boolean(),
          }),
          fc.record({ method: fc.constant('CancelProcessInstance'), processInstanceKey: unknownKey() }),
          fc.record({ method: fc.constant('ResolveIncident'), incidentKey: unknownKey() }),
        ),
        async ({ method, ...request }) => expectClear(await unary(method, request), method),
      ),
      { numRuns: RUNS },
    );
  });

  it('DeployResource: no resources, unknown kinds, broken documents', async () => {
    const resource = fc.record({
      name: fc.oneof(
        text(),
        text().map((n) => `${n}.bpmn`),
        text().map((n) => `${n}.form`),
      ),
      content: fc.oneof(
        fc.uint8Array({ maxLength: 2_000 }),
        fc
          .constantFrom('<bpmn:definitions', '{"components": 1}', '<?xml version="1.0"?><x/>')
          .map((s) => Buffer.from(s)),
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(resource, { maxLength: 4 }), async (resources) =>
        expectClear(await unary('DeployResource', { resources }), 'DeployResource'),
      ),
      { numRuns: RUNS },
    );
  });

  it('ActivateJobs: wrong counts and types are refused, unknown types find nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          type: fc.oneof(fc.constant(''), text()),
          worker: text(),
          timeout: fc.integer({ min: -1_000, max: 600_000 }).map(String),
          maxJobsToActivate: fc.integer({ min: -5, max: 100 }),
          requestTimeout: fc.integer({ min: 1, max: 50 }).map(String),
        }),
        async (request) => {
          const outcome = await activate(request);
          const invalid =
            request.type === '' || request.maxJobsToActivate <= 0 || Number(request.timeout) <= 0;
          if (invalid || outcome.code !== status.OK) expectClear(outcome, 'ActivateJobs');
          else expect(outcome.jobs, 'jobs of an unknown type').to.equal(0);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('garbage bytes on every method: a status, never a crash', async () => {
    const methods = [
      'CreateProcessInstance',
      'CompleteJob',
      'FailJob',
      'ThrowError',
      'SetVariables',
      'DeployResource',
      'CancelProcessInstance',
      'UpdateJobRetries',
      'ResolveIncident',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...methods),
        // No 0x00 bytes: text with a NUL character is a known gap (docs/engine.md, Reliability
        // tests), which these bytes would otherwise hit in most runs.
        fc.uint8Array({ minLength: 1, maxLength: 4_000 }).map((bytes) => bytes.map((b) => (b === 0 ? 1 : b))),
        async (method, bytes) => {
          const outcome = await raw(method, Buffer.from(bytes));
          // Bytes the protocol cannot decode are refused by grpc-js before the engine sees them.
          if (outcome.code === status.INTERNAL) expect(outcome.details).to.match(/deserializ/i);
          else expectClear(outcome, method);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('oversized requests are refused whole', async () => {
    const big = JSON.stringify({ blob: 'x'.repeat(5 * 1024 * 1024) });
    for (const [method, request] of [
      ['CreateProcessInstance', { bpmnProcessId: 'service-tasks', version: -1, variables: big }],
      ['PublishMessage', { name: 'big', correlationKey: 'k', timeToLive: '60000', variables: big }],
      ['CompleteJob', { jobKey: '1', variables: big }],
      ['DeployResource', { resources: [{ name: 'big.bpmn', content: Buffer.from(big) }] }],
    ] as const) {
      const outcome = await unary(method, request);
      expect(outcome.code, `${method}: ${outcome.details}`).to.equal(status.RESOURCE_EXHAUSTED);
      expect(outcome.details).to.not.equal('');
    }
  });

  function activate(request: object): Promise<Outcome & { jobs: number }> {
    return new Promise((resolve) => {
      let jobs = 0;
      const stream = (
        gateway as unknown as { ActivateJobs(r: object, m: Metadata, o: object): NodeJS.EventEmitter }
      ).ActivateJobs(request, new Metadata(), { deadline: Date.now() + 5_000 });
      stream.on('data', (response: { jobs: unknown[] }) => (jobs += response.jobs.length));
      stream.on('error', (error: ServiceError) =>
        resolve({ code: error.code, details: error.details, jobs }),
      );
      stream.on('end', () => resolve({ code: status.OK, details: '', jobs }));
    });
  }

  /** Sends `bytes` as the request body of `method`, whatever they decode to. */
  function raw(method: string, bytes: Buffer): Promise<Outcome> {
    return new Promise((resolve) => {
      gateway.makeUnaryRequest(
        `/gateway_protocol.Gateway/${method}`,
        (value: Buffer) => value,
        (value: Buffer) => value,
        bytes,
        new Metadata(),
        { deadline: Date.now() + 5_000 },
        (error) =>
          resolve(error ? { code: error.code, details: error.details } : { code: status.OK, details: '' }),
      );
    });
  }
});

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
