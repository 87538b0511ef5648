// Property tests of the two HTTP faces: the engine's REST /v2 and the app's /api. Arbitrary,
// wrong-typed and malformed bodies, unknown keys and odd query parameters are answered with a
// 4xx problem (JSON with a message), never a 500, and nothing is stored in the engine's or the
// app's tables.
import { expect } from 'chai';
import fc from 'fast-check';
import { ApiClient, PASSWORD, petitionInput, startAppUnderTest, type AppUnderTest } from '../app/support.js';
import { fingerprint } from './support/fingerprint.js';

const RUNS = 100;

interface Reply {
  status: number;
  type: string;
  body: unknown;
}

describe('HTTP inputs (property tests)', function () {
  this.timeout(120_000);
  let app: AppUnderTest;
  let engineUrl: string;
  const clients: Record<string, ApiClient> = {};
  let rowsBefore: string;

  // Failed sign-ins are audited on purpose; sessions are checked by their own property.
  const stored = async () =>
    `${await fingerprint(app.database.pool, 'engine')} | ${await fingerprint(app.database.pool, 'app', ['audit_log', 'sessions'])}`;

  before(async () => {
    app = await startAppUnderTest();
    engineUrl = `http://127.0.0.1:${app.engine.restPort}`;
    for (const username of ['intake', 'office', 'housing'])
      clients[username] = await new ApiClient(app.server.url).login(username, PASSWORD);
  });

  after(() => app.close());

  beforeEach(async () => {
    rowsBefore = await stored();
  });

  afterEach(async () => {
    expect(await stored(), 'nothing stored').to.equal(rowsBefore);
    const health = await fetch(`${app.server.url}/health`);
    expect(health.status, 'the app still answers').to.equal(200);
  });

  /** Sends `body` as JSON (a string is sent as it is: malformed JSON). */
  async function send(
    base: string,
    method: string,
    path: string,
    body: unknown,
    client?: ApiClient,
  ): Promise<Reply> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (client?.cookie !== undefined) headers.cookie = client.cookie;
    // With the token the request passes the CSRF check and reaches validation, which is what is probed.
    if (client?.csrfToken !== undefined) headers['x-csrf-token'] = client.csrfToken;
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(method === 'GET' ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // kept as text: the assertion below names it
    }
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: parsed };
  }

  /** A 4xx problem with a message, as RFC 9457 describes it. */
  function expectProblem(reply: Reply, what: string): void {
    expect(reply.status, `${what}: ${JSON.stringify(reply.body)}`).to.be.within(400, 499);
    expect(reply.type, `${what}: a JSON problem`).to.match(/json/);
    const problem = reply.body as { title?: unknown; detail?: unknown };
    const message = typeof problem.detail === 'string' ? problem.detail : problem.title;
    expect(message, `${what}: a message`).to.be.a('string').and.not.equal('');
  }

  // ---- arbitraries ------------------------------------------------------------------------

  /** A path segment: any text, but never one that would change the path itself. */
  const segment = () =>
    fc
      .oneof(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
      )
      .filter((s) => s !== '.' && s !== '..')
      .map(encodeURIComponent);
  const malformed = fc.constantFrom('{', '{"a":', '[1,', 'nul', '{"a":1}}', '\u0000', '{"a": NaN}');
  const anyBody = () => fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue()), malformed);
  const notString = () =>
    fc.oneof(
      fc.integer(),
      // finite: JSON would turn NaN and infinities into null
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.jsonValue()),
      fc.object(),
    );

  // ---- engine REST /v2 --------------------------------------------------------------------

  it('engine: commands with unknown keys or bad bodies', async () => {
    const command = fc.oneof(
      fc.tuple(fc.constant('POST'), fc.constant('/v2/process-instances'), anyBody()),
      fc.tuple(
        fc.constant('POST'),
        fc.constant('/v2/process-instances'),
        fc.record({
          processDefinitionId: fc.constant('petition'),
          variables: notString().filter((v) => v !== null && !isObject(v)),
        }),
      ),
      fc.tuple(
        fc.constantFrom('POST'),
        fc.constantFrom('/v2/messages/publication', '/v2/messages/correlation'),
        anyBody(),
      ),
      fc.tuple(
        fc.constant('POST'),
        fc.constantFrom('/v2/messages/publication', '/v2/messages/correlation'),
        fc.record({ name: fc.oneof(fc.constant(''), notString()), correlationKey: fc.string() }),
      ),
      segment().chain((key) =>
        fc.tuple(
          fc.constantFrom('POST', 'PATCH', 'PUT', 'DELETE'),
          fc.constantFrom(
            `/v2/user-tasks/${key}/completion`,
            `/v2/user-tasks/${key}/assignment`,
            `/v2/user-tasks/${key}`,
            `/v2/user-tasks/${key}/assignee`,
            `/v2/jobs/${key}`,
            `/v2/process-instances/${key}/cancellation`,
            `/v2/process-instances/${key}/modification`,
            `/v2/process-instances/${key}/migration`,
            `/v2/incidents/${key}/resolution`,
            `/v2/element-instances/${key}/variables`,
          ),
          anyBody(),
        ),
      ),
    );
    await fc.assert(
      fc.asyncProperty(command, async ([method, path, body]) =>
        expectProblem(await send(engineUrl, method, path, body), `${method} ${path}`),
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('engine: searches with arbitrary filters answer or refuse, never fail', async () => {
    const searches = [
      '/v2/process-instances/search',
      '/v2/user-tasks/search',
      '/v2/element-instances/search',
      '/v2/incidents/search',
      '/v2/variables/search',
      '/v2/process-definitions/search',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...searches),
        fc.oneof(
          anyBody(),
          fc.record({ filter: fc.dictionary(fc.string(), fc.jsonValue()) }),
          fc.record({ page: fc.jsonValue(), sort: fc.jsonValue() }),
        ),
        async (path, body) => {
          const reply = await send(engineUrl, 'POST', path, body);
          if (reply.status !== 200) expectProblem(reply, `POST ${path}`);
        },
      ),
      { numRuns: RUNS },
    );
  });

  // ---- app /api ---------------------------------------------------------------------------

  it('app: registrations with a wrong, missing or extra field are refused', async () => {
    const valid = petitionInput() as Record<string, unknown>;
    const corruption = fc.oneof(
      // a field of the wrong type, or one left out
      fc.record({
        field: fc.constantFrom(...Object.keys(valid), 'firstTime', 'skipLevel'),
        value: fc.oneof(notString(), fc.constant(undefined)),
      }),
      // a petitioner field of the wrong type
      fc.record({
        field: fc.constantFrom(
          'petitioner.name',
          'petitioner.idNumber',
          'petitioner.phone',
          'petitioner.address',
        ),
        value: notString(),
      }),
      // a field the API does not know
      fc.record({
        field: fc
          .string({ minLength: 1 })
          .filter((f) => !(f in valid) && !f.includes('.') && f !== '__proto__'),
        value: fc.jsonValue(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyBody().map((body) => ({ body, changes: [] as Corruption[] })),
          fc
            .array(corruption, { minLength: 1, maxLength: 3 })
            .map((changes) => ({ body: corrupt(valid, changes), changes: changes })),
        ),
        async ({ body, changes }) => {
          // Leaving out only optional fields keeps the input valid: not a case for this property.
          // The last change to a field is the one the body keeps.
          const kept = [...new Map(changes.map((change) => [change.field, change])).values()];
          if (changes.length > 0 && kept.every(isHarmless)) return;
          expectProblem(
            await send(app.server.url, 'POST', '/api/petitions', body, clients.intake),
            'POST /api/petitions',
          );
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('app: task, recheck and letter commands with unknown keys or bad bodies', async () => {
    const command = segment().chain((key) =>
      fc.oneof(
        fc.tuple(fc.constant('housing'), fc.constant(`/api/tasks/${key}/complete`), anyBody()),
        fc.tuple(
          fc.constant('housing'),
          fc.constantFrom(`/api/tasks/${key}/claim`, `/api/tasks/${key}/release`),
          anyBody(),
        ),
        fc.tuple(fc.constant('office'), fc.constant(`/api/petitions/${key}/recheck`), anyBody()),
        fc.tuple(fc.constant('housing'), fc.constant(`/api/letters/${key}/reply`), anyBody()),
      ),
    );
    await fc.assert(
      fc.asyncProperty(command, async ([user, path, body]) =>
        expectProblem(await send(app.server.url, 'POST', path, body, clients[user]), `POST ${path}`),
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('app: sign-in with arbitrary bodies opens no session', async () => {
    const sessions = async () =>
      (await app.database.pool.query<{ n: string }>('SELECT count(*) AS n FROM app.sessions')).rows[0]!.n;
    const sessionsBefore = await sessions();
    const credentials = fc.oneof(
      anyBody(),
      fc.record({
        username: fc.oneof(fc.string(), notString()),
        password: fc.oneof(fc.string(), notString()),
      }),
      fc.record({ username: fc.constant('intake'), password: fc.string().filter((p) => p !== PASSWORD) }),
    );
    await fc.assert(
      fc.asyncProperty(credentials, async (body) =>
        expectProblem(await send(app.server.url, 'POST', '/api/session', body), 'POST /api/session'),
      ),
      { numRuns: RUNS },
    );
    expect(await sessions(), 'no session opened').to.equal(sessionsBefore);
  });

  it('app: reads with odd parameters answer or refuse, never fail', async () => {
    const read = fc.oneof(
      fc
        .dictionary(
          fc.constantFrom('scope', 'stage', 'overdue', 'nearDue', 'q', 'page', 'size', 'x'),
          fc.string(),
        )
        .map((query) => `/api/tasks?${new URLSearchParams(query).toString()}`),
      segment().map((key) => `/api/tasks/${key}`),
      segment().map((number) => `/api/petitions/${number}`),
      segment().map((number) => `/api/letters?petition=${number}`),
      segment().map((id) => `/api/letters/${id}/document`),
    );
    await fc.assert(
      fc.asyncProperty(read, async (path) => {
        const reply = await send(app.server.url, 'GET', path, undefined, clients.office);
        if (reply.status !== 200) expectProblem(reply, `GET ${path}`);
      }),
      { numRuns: RUNS },
    );
  });
});

interface Corruption {
  field: string;
  value: unknown;
}

/** Leaving out an optional field (or setting it undefined) keeps the input valid. */
function isHarmless(change: Corruption): boolean {
  const optional = ['firstTime', 'skipLevel', 'petitioner.address'].includes(change.field);
  const flag = ['firstTime', 'skipLevel'].includes(change.field);
  // Optional fields may be left out; the two flags take any boolean.
  return (optional && change.value === undefined) || (flag && typeof change.value === 'boolean');
}

function corrupt(valid: Record<string, unknown>, changes: Corruption[]): unknown {
  const body = structuredClone(valid);
  for (const { field, value } of changes) {
    const [head, tail] = field.split('.', 2) as [string, string | undefined];
    const parent = body[head];
    if (tail === undefined) body[head] = value;
    // A petitioner already replaced by a non-object is wrong enough.
    else if (typeof parent === 'object' && parent !== null && !Array.isArray(parent))
      (parent as Record<string, unknown>)[tail] = value;
  }
  return body;
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
