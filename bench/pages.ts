// Page loads at county scale: 100,000 petitions (BENCH_PETITIONS=1000000 for a million) seeded
// with set-based SQL — spread over units, stages, categories, areas and two years, with
// deadlines, stage changes on the timeline, ratings, and the engine's rows for the open ones
// (process instances, variables, open user tasks; completed tasks as history) — then every call
// each page makes, through the real app over HTTP: p50 and p99 of ~30 requests each.
// Goal: every call under one second at 100,000 petitions.
import pg from 'pg';
import pino from 'pino';
import { createApiDeps } from '../src/app/api/create.js';
import { deployModels } from '../src/app/deploy-models.js';
import { createAppServer, listen } from '../src/app/server.js';
import { loadConfig } from '../src/config/index.js';
import { DataKey } from '../src/domain/petitioners/index.js';
import { seedReference } from '../src/domain/seed/index.js';
import { createUser } from '../src/domain/users/index.js';
import { startEngineServer } from '../src/engine/server.js';
import { createCamundaClient } from '../workers/camunda-client.js';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { ensureWebBuilt } from '../src/app/web/build.js';
import { measurePageLoads, type PageLoad } from './page-loads.js';
import { percentile, round } from './stats.js';

const PETITIONS = Number(process.env.BENCH_PETITIONS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 30);
const WARM_UP = 3;
const PASSWORD = 'bench password 2026';
/** Engine keys of the seeded rows: far above what the engine's key blocks hand out. */
const KEY_BASE = 2n ** 52n;

/** The ID number and phone of the petitioner the hints look for (a valid check digit; region 419901 does not exist). */
const HINT_ID_NUMBER = '41990119700301011X';
const HINT_PHONE = '13800138000';

export interface PageCall {
  page: string;
  call: string;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Size of the answer of the last request. */
  bytes: number;
}

export interface PagesBenchResult {
  petitions: number;
  seedSeconds: number;
  rows: Record<string, number>;
  calls: PageCall[];
  /** The pages themselves in Chromium; absent when no Chromium is installed. */
  pageLoads?: PageLoad[];
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// Matters as a county sees them: category, the unit that leads it, title and content.
const TOPICS: [string, string, string, string][] = [
  [
    'land-acquisition',
    'natural-resources',
    '征地补偿款未足额发放',
    '我村土地于前年被征收，征地补偿款至今未足额发放到户，村民多次到镇里反映无果，请求督促落实征地补偿。',
  ],
  [
    'labor-social-security',
    'human-resources',
    '工地拖欠农民工工资',
    '某建筑工地拖欠我们二十余名农民工工资共计三十余万元，包工头已失联，请求帮助追讨欠薪。',
  ],
  [
    'housing-security',
    'housing-construction',
    '公租房申请长期未审批',
    '本人符合公租房申请条件，材料递交已半年仍未审批，也无人答复，请求尽快审核。',
  ],
  [
    'urban-rural-construction',
    'housing-construction',
    '小区楼顶漏水无人维修',
    '我住在小区顶层，楼顶漏水已经三年，多次向物业和社区反映无人处理，请求督促维修。',
  ],
  [
    'real-estate',
    'natural-resources',
    '购房多年无法办理不动产权证',
    '购买商品房已五年，开发商一直未办理不动产权证，影响子女入学，请求协调办证。',
  ],
  [
    'environment',
    'ecology-environment',
    '工厂夜间排放废气刺鼻',
    '附近化工厂夜间偷排废气，气味刺鼻，居民无法开窗，请求环保部门查处。',
  ],
  [
    'education',
    'education',
    '学校违规收取补课费',
    '孩子所在学校假期组织补课并收取费用，家长不敢拒绝，请求教育部门调查。',
  ],
  [
    'health',
    'health',
    '医院收费项目不透明',
    '家人住院期间多项收费未告知，清单与实际治疗不符，请求核查医疗收费。',
  ],
  [
    'transport',
    'transport',
    '村道破损严重影响出行',
    '通往我村的道路多处塌陷破损，雨天无法通行，学生上学不便，请求尽快修复。',
  ],
  [
    'market-regulation',
    'market-regulation',
    '超市销售过期食品',
    '在镇上超市购买的牛奶已过保质期，商家拒绝退换，请求市场监管部门处理。',
  ],
  [
    'police',
    'public-security',
    '报警后民警处置不及时',
    '邻里纠纷中被人打伤，报警后民警两小时才到场，处理结果不公，请求复核。',
  ],
  [
    'accusation',
    'discipline',
    '举报村干部虚报冒领低保金',
    '举报本村村干部为亲属虚报低保，冒领低保金多年，请求纪委调查处理。',
  ],
  [
    'other',
    'petition-office',
    '反映邻里宅基地界址纠纷',
    '与邻居因宅基地界址发生纠纷多年，村里调解未果，请求有关部门依法确权。',
  ],
];

const DETAILS = [
  '此前已通过电话反映两次。',
  '有相关照片和票据可以提供。',
  '涉及同村多户群众。',
  '希望尽快给予书面答复。',
  '已向村委会和镇政府反映过。',
  '情况紧急，请求优先处理。',
  '附有证人联系方式。',
  '问题已持续一年以上。',
];

const SURNAMES = [
  '张',
  '王',
  '李',
  '赵',
  '刘',
  '陈',
  '杨',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '霞',
];

const sqlArray = (values: string[]) =>
  `ARRAY[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')}]`;

/** Deterministic pseudo-random 0 ≤ h < m of row i, one stream per salt. */
const h = (salt: number, m: number) => `((hashint4(i * 31 + ${salt}) & 2147483647) % ${m})`;

async function seed(db: pg.Pool, dataKey: DataKey, nowMs: number, log: (line: string) => void) {
  const n = PETITIONS;
  const petitioners = Math.max(10, Math.round(n * 0.6));
  const now = new Date(nowMs);
  const { rows: definitions } = await db.query<{ key: string; version: number }>(
    `SELECT key::text, version FROM engine.process_definitions WHERE bpmn_process_id = 'petition'
      ORDER BY version DESC LIMIT 1`,
  );
  const definition = definitions[0];
  if (definition === undefined) throw new Error('the petition model is not deployed');
  const { rows: forms } = await db.query<{ form_id: string; key: string }>(
    `SELECT DISTINCT ON (form_id) form_id, key::text FROM engine.forms ORDER BY form_id, version DESC`,
  );
  const formKey = (id: string) => forms.find((form) => form.form_id === id)?.key ?? 'NULL';

  const step = async (label: string, sql: string, values: unknown[] = []) => {
    const started = performance.now();
    const result = await db.query(sql, values);
    log(`pages: ${label}: ${result.rowCount ?? 0} rows in ${round((performance.now() - started) / 1000)} s`);
  };

  await step(
    'petitioners',
    `INSERT INTO app.petitioners (name, id_number_cipher, id_number_hash, id_number_masked, phone_cipher,
        phone_hash, phone_masked, created_at)
     SELECT (${sqlArray(SURNAMES)})[1 + ${h(1, SURNAMES.length)}] || (${sqlArray(GIVEN)})[1 + ${h(2, GIVEN.length)}],
            '\\x00'::bytea, 'bench-id-' || i, '419901********' || lpad((i % 10000)::text, 4, '0'),
            '\\x00'::bytea, 'bench-phone-' || i, '138****' || lpad((i % 10000)::text, 4, '0'), $1::timestamptz - interval '3 years'
       FROM generate_series(1, $2::int) AS i`,
    [now, petitioners],
  );
  // The petitioner the hints find: real blind-index hashes of a known ID number and phone.
  await db.query(
    `UPDATE app.petitioners SET name = '张伟', id_number_hash = $1, id_number_masked = '419901********011X',
        phone_hash = $2, phone_masked = '138****8000' WHERE id = 1`,
    [dataKey.lookupHash('id_number', HINT_ID_NUMBER), dataKey.lookupHash('phone', HINT_PHONE)],
  );

  // One row per petition with everything derived from its age: stage, deadlines, decisions.
  const topics = TOPICS.length;
  await step(
    'plan',
    `CREATE TEMP TABLE bench_plan AS
     WITH base AS (
       SELECT i, ($1::timestamptz - (($2::int - i) * interval '730 days' / $2::int) - ${h(3, 600)} * interval '1 minute') AS reg,
              (($2::int - i) * 730.0 / $2::int) AS age, ${h(4, topics)} + 1 AS topic, ${h(5, 1000)} AS r
         FROM generate_series(1, $2::int) AS i
     ), staged AS (
       SELECT b.*, CASE
                WHEN age < 1.5 THEN 'registered'
                WHEN age < 6 THEN CASE WHEN r % 10 < 8 THEN 'acceptance' ELSE 'handling' END
                WHEN age < 32 THEN 'handling'
                WHEN age < 42 THEN 'replied'
                WHEN r < 30 THEN 'handling'
                WHEN r < 80 THEN 'rejected'
                ELSE 'closed' END AS stage,
              least(1 + ${h(6, 9)} + ${h(7, 24)} / 24.0, greatest(age - 0.3, 0.1)) AS decided_after,
              ${h(8, 24)} AS reply_after
         FROM base b
     )
     SELECT s.*, s.reg + s.decided_after * interval '1 day' AS decided_at,
            s.reg + (s.decided_after + least(10 + s.reply_after, greatest(s.age - s.decided_after - 0.3, 0.1))) * interval '1 day' AS replied_at
       FROM staged s`,
    [now, n],
  );

  const areas = `(SELECT array_agg(code ORDER BY code) FROM app.areas)`;
  const topicColumn = (column: number) => `(${sqlArray(TOPICS.map((topic) => topic[column]!))})[topic]`;
  await step(
    'petitions',
    `WITH areas AS (SELECT ${areas} AS codes, (SELECT array_agg(code) FROM app.units WHERE kind = 'township') AS towns)
     INSERT INTO app.petitions (number, channel, title, content, category_code, area_code, petitioner_id, kind, line,
        procedure, risk_level, stage, lead_unit, co_units, first_time, skip_level, repeat_count, process_instance_key,
        registered_at, registered_by, accept_due, handle_due, replied_at, closed_at)
     SELECT 'XF-' || to_char(p.reg AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(p.i::text, 7, '0'),
            (ARRAY['letter', 'visit', 'online', 'phone', 'leader_reception'])[1 + ${h(9, 5)}],
            ${topicColumn(2)},
            ${topicColumn(3)} || (${sqlArray(DETAILS)})[1 + ${h(10, DETAILS.length)}],
            ${topicColumn(0)},
            a.codes[1 + ${h(11, 1000)} % cardinality(a.codes)],
            1 + ${h(12, petitioners)},
            CASE WHEN p.stage = 'registered' THEN NULL WHEN ${topicColumn(0)} = 'accusation' THEN 'accusation' ELSE 'appeal' END,
            CASE WHEN ${topicColumn(0)} IN ('police', 'law-litigation') THEN 'law' ELSE 'ordinary' END,
            CASE WHEN p.stage = 'registered' THEN NULL WHEN p.r % 5 = 0 THEN 'simplified' ELSE 'normal' END,
            (ARRAY['low', 'low', 'low', 'medium', 'high'])[1 + ${h(13, 5)}],
            p.stage,
            CASE WHEN p.stage = 'registered' THEN NULL ELSE ${topicColumn(1)} END,
            CASE WHEN p.stage <> 'registered' AND ${topicColumn(0)} <> 'accusation' AND p.r % 7 = 0
                 THEN ARRAY[a.towns[1 + ${h(14, 1000)} % cardinality(a.towns)]] ELSE '{}' END,
            p.r % 5 < 3, p.r % 33 = 0, CASE WHEN p.r % 20 = 0 THEN 1 + p.r % 3 ELSE 0 END,
            (${KEY_BASE} + p.i)::text,
            p.reg, 'bench-intake',
            CASE WHEN p.stage = 'registered' THEN NULL
                 ELSE date_trunc('day', p.reg + interval '7 days') + interval '1 day' - interval '1 millisecond' END,
            CASE WHEN p.stage IN ('registered', 'acceptance', 'rejected') THEN NULL
                 ELSE date_trunc('day', p.decided_at + interval '28 days') + interval '1 day' - interval '1 millisecond' END,
            CASE WHEN p.stage IN ('replied', 'closed') THEN p.replied_at END,
            CASE WHEN p.stage = 'closed' THEN p.replied_at + interval '5 days'
                 WHEN p.stage = 'rejected' THEN p.decided_at END
       FROM bench_plan p, areas a
      ORDER BY p.i`,
    [],
  );
  // Petitions merged into an earlier open case as its repeat: closed, no process of their own.
  await step(
    'repeats',
    `UPDATE app.petitions SET repeat_of = id - 7, process_instance_key = NULL
      WHERE id % 97 = 0 AND stage = 'closed' AND id > 7`,
  );
  // A few registrations whose process start is still pending (no instance key yet).
  await step(
    'pending starts',
    `UPDATE app.petitions SET process_instance_key = NULL WHERE stage = 'registered' AND id % 50 = 0`,
  );

  await step(
    'timeline',
    `INSERT INTO app.timeline (petition_id, at, kind, actor, detail)
     SELECT p.id, x.at, 'stage-changed', 'bench', x.detail
       FROM app.petitions p JOIN bench_plan b ON b.i = p.id
       CROSS JOIN LATERAL (VALUES
         (p.registered_at + interval '2 hours', jsonb_build_object('from', 'registered', 'to', 'acceptance'), p.stage <> 'registered'),
         (b.decided_at, jsonb_build_object('from', 'acceptance', 'to', CASE WHEN p.stage = 'rejected' THEN 'rejected' ELSE 'handling' END),
            p.stage NOT IN ('registered', 'acceptance')),
         (p.replied_at, jsonb_build_object('from', 'handling', 'to', 'replied'), p.replied_at IS NOT NULL),
         (p.closed_at, jsonb_build_object('from', 'replied', 'to', 'closed'), p.stage = 'closed')
       ) AS x(at, detail, happened)
      WHERE x.happened AND p.repeat_of IS NULL`,
  );
  await step(
    'ratings',
    `INSERT INTO app.ratings (petition_id, stage, rating, at, by)
     SELECT p.id, s.stage, CASE WHEN p.id % 100 < 70 THEN 'satisfied' WHEN p.id % 100 < 88 THEN 'basically' ELSE 'dissatisfied' END,
            p.closed_at, 'close-petition'
       FROM app.petitions p CROSS JOIN (VALUES ('accept'), ('handle')) AS s(stage)
      WHERE p.stage = 'closed' AND p.repeat_of IS NULL AND p.id % 4 <> 0`,
  );

  // The engine's side of the open petitions: instance, variables, one open user task each (a
  // few left without one: the 零搁置 check has something to find). The bench's unit handler
  // holds every fifth of their unit's tasks.
  const open = `p.stage NOT IN ('closed', 'rejected') AND p.process_instance_key IS NOT NULL`;
  await step(
    'process instances',
    `INSERT INTO engine.process_instances (key, process_definition_key, bpmn_process_id, version, state, started_at)
     SELECT p.process_instance_key::bigint, $1::bigint, 'petition', $2::int, 'ACTIVE',
            (extract(epoch FROM p.registered_at) * 1000)::bigint
       FROM app.petitions p WHERE ${open}`,
    [definition.key, definition.version],
  );
  await step(
    'variables',
    `INSERT INTO engine.variables (key, scope_key, process_instance_key, name, value, updated_at)
     SELECT ${KEY_BASE} + 100000000 + p.id * 2 + v.k, p.process_instance_key::bigint, p.process_instance_key::bigint,
            v.name, v.value, (extract(epoch FROM p.registered_at) * 1000)::bigint
       FROM app.petitions p CROSS JOIN LATERAL (VALUES
         (0, 'petitionId', to_jsonb(p.number)),
         (1, 'leadUnit', coalesce(to_jsonb(p.lead_unit), 'null'::jsonb))) AS v(k, name, value)
      WHERE ${open}`,
  );
  const task = (element: string, name: string, form: string, groups: string, due: string, where: string) => `
     SELECT ${KEY_BASE} + 300000000 + p.id, 'CREATED', ${KEY_BASE} + 400000000 + p.id, p.process_instance_key::bigint,
            $1::bigint, 'petition', $2::int, '${element}', '${name}',
            CASE WHEN p.id % 5 = 0 AND p.lead_unit = 'housing-construction' AND '${element}' IN ('accept', 'handle')
                 THEN 'bench-unit' END, ${groups}, '[]'::jsonb,
            to_char((${due}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 50, ${formKey(form)},
            (extract(epoch FROM p.registered_at) * 1000)::bigint
       FROM app.petitions p WHERE ${open} AND p.id % 400 <> 1 AND ${where}`;
  await step(
    'open user tasks',
    `INSERT INTO engine.user_tasks (key, state, element_instance_key, process_instance_key, process_definition_key,
        bpmn_process_id, process_definition_version, element_id, name, assignee, candidate_groups, candidate_users,
        due_date, priority, form_key, created_at)
     ${task('triage', '分办', 'petition-triage', `'["office"]'::jsonb`, `p.registered_at + interval '3 days'`, `p.stage = 'registered'`)}
     UNION ALL
     ${task('accept', '受理', 'petition-acceptance', `jsonb_build_array('unit:' || p.lead_unit)`, 'p.accept_due', `p.stage = 'acceptance'`)}
     UNION ALL
     ${task('handle', '办理', 'petition-handling', `jsonb_build_array('unit:' || p.lead_unit)`, 'p.handle_due', `p.stage = 'handling' AND p.id % 6 <> 0`)}
     UNION ALL
     ${task('pre-review', '答复预审', 'reply-review', `'["office-review"]'::jsonb`, 'p.handle_due', `p.stage = 'handling' AND p.id % 6 = 0`)}
     UNION ALL
     ${task('return-visit', '回访', 'return-visit', `'["office"]'::jsonb`, `p.replied_at + interval '10 days'`, `p.stage = 'replied'`)}`,
    [definition.key, definition.version],
  );
  // History: the completed tasks of finished petitions, as the engine keeps them.
  await step(
    'completed user tasks',
    `INSERT INTO engine.user_tasks (key, state, element_instance_key, process_instance_key, process_definition_key,
        bpmn_process_id, process_definition_version, element_id, name, assignee, candidate_groups, due_date,
        form_key, created_at, completed_at)
     SELECT ${KEY_BASE} + 500000000 + p.id * 3 + t.k, 'COMPLETED', ${KEY_BASE} + 800000000 + p.id * 3 + t.k,
            ${KEY_BASE} + p.id, $1::bigint, 'petition', $2::int, t.element, t.name, 'bench-office', t.groups,
            to_char(p.registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), NULL,
            (extract(epoch FROM p.registered_at) * 1000)::bigint, (extract(epoch FROM p.closed_at) * 1000)::bigint
       FROM app.petitions p CROSS JOIN LATERAL (VALUES
         (0, 'triage', '分办', '["office"]'::jsonb),
         (1, 'accept', '受理', jsonb_build_array('unit:' || p.lead_unit)),
         (2, 'handle', '办理', jsonb_build_array('unit:' || p.lead_unit))) AS t(k, element, name, groups)
      WHERE p.stage = 'closed' AND p.repeat_of IS NULL`,
    [definition.key, definition.version],
  );
  await step('analyze', 'ANALYZE');
  const { rows } = await db.query<{ name: string; n: string }>(
    `SELECT 'petitions' AS name, count(*) AS n FROM app.petitions
     UNION ALL SELECT 'open petitions', count(*) FROM app.petitions WHERE stage NOT IN ('closed', 'rejected')
     UNION ALL SELECT 'timeline', count(*) FROM app.timeline
     UNION ALL SELECT 'ratings', count(*) FROM app.ratings
     UNION ALL SELECT 'user tasks', count(*) FROM engine.user_tasks
     UNION ALL SELECT 'open user tasks', count(*) FROM engine.user_tasks WHERE state = 'CREATED'`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.n)]));
}

async function bearerToken(base: string, username: string): Promise<string> {
  const login = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD, bearer: true }),
  });
  const { token } = (await login.json()) as { token?: string };
  if (login.status !== 200 || token === undefined) throw new Error(`login of ${username}: ${login.status}`);
  return token;
}

/** A signed-in client with a bearer token; answers are read whole, as a browser would. */
async function client(base: string, username: string) {
  const token = await bearerToken(base, username);
  return async (path: string): Promise<number> => {
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = await response.arrayBuffer();
    if (response.status !== 200) {
      throw new Error(`GET ${path} as ${username}: ${response.status} ${Buffer.from(body).toString()}`);
    }
    return body.byteLength;
  };
}

async function measure(
  page: string,
  call: string,
  get: (path: string) => Promise<number>,
  path: (i: number) => string,
): Promise<PageCall> {
  for (let i = 0; i < WARM_UP; i++) await get(path(i));
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    bytes = await get(path(i));
    times.push(performance.now() - started);
  }
  return {
    page,
    call,
    requests: REQUESTS,
    p50Ms: round(percentile(times, 50)),
    p99Ms: round(percentile(times, 99)),
    maxMs: round(Math.max(...times)),
    bytes,
  };
}

export async function benchPages(url: string, log: (line: string) => void): Promise<PagesBenchResult> {
  const logger = pino({ level: 'warn' });
  const db = new pg.Pool({ connectionString: url, max: 10 });
  const engine = await startEngineServer({
    databaseUrl: url,
    grpcPort: 0,
    restPort: 0,
    host: '127.0.0.1',
    clockControlled: false,
    logger,
  });
  const config = loadConfig({
    ENGINE_GRPC_PORT: String(engine.grpcPort),
    ENGINE_REST_PORT: String(engine.restPort),
    LOG_LEVEL: 'warn',
  });
  const camunda = createCamundaClient(config);
  const dataKey = DataKey.fromSecret('bench data key for the pages suite, 32+ chars');
  const api = createApiDeps({ db, camunda, dataKey, logger });
  let server: Awaited<ReturnType<typeof listen>> | undefined;
  try {
    await seedReference(db);
    await deployModels(camunda, logger);
    const users = [
      { username: 'bench-intake', displayName: '登记员', roles: ['intake'], unitCode: 'petition-office' },
      { username: 'bench-office', displayName: '信访局经办', roles: ['office'], unitCode: 'petition-office' },
      {
        username: 'bench-unit',
        displayName: '住建局经办人',
        roles: ['unit_handler'],
        unitCode: 'housing-construction',
      },
      { username: 'bench-supervisor', displayName: '督查专员', roles: ['supervisor'], unitCode: null },
    ] as const;
    for (const user of users) {
      await createUser(db, { ...user, roles: [...user.roles], password: PASSWORD }, new Date());
    }
    const seedStarted = performance.now();
    const rows = await seed(db, dataKey, Date.now(), log);
    const seedSeconds = round((performance.now() - seedStarted) / 1000);
    log(`pages: seeded ${PETITIONS} petitions in ${seedSeconds} s`);

    const up = () => Promise.resolve(true);
    const app = createAppServer({
      config,
      logger,
      readiness: { database: up, engine: up, workers: up },
      api,
      webDir: existsSync(CHROMIUM) ? await ensureWebBuilt(logger) : undefined,
    });
    server = await listen(app, 0, '127.0.0.1');
    const base = server.url;
    const [office, unit, intake, supervisor] = await Promise.all([
      client(base, 'bench-office'),
      client(base, 'bench-unit'),
      client(base, 'bench-intake'),
      client(base, 'bench-supervisor'),
    ]);
    const { rows: sample } = await db.query<{ number: string }>(
      `SELECT number FROM app.petitions WHERE stage NOT IN ('closed', 'rejected') ORDER BY id DESC LIMIT 40`,
    );
    const numbers = sample.map((row) => row.number);
    const today = new Date().toISOString().slice(0, 10);
    const monthStart = `${today.slice(0, 8)}01`;
    const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
    const q = (text: string) => encodeURIComponent(text);
    const hintPath = `/api/petitions/hints?name=${q('张伟')}&idNumber=${HINT_ID_NUMBER}&phone=${HINT_PHONE}&category=land-acquisition&title=${q(
      '征地补偿款一直没有发放',
    )}&content=${q('我家承包地去年被征收，征地补偿款至今没有发到手，村里说钱还没拨下来，请求帮助落实补偿。')}`;

    const calls: PageCall[] = [];
    const run = async (
      page: string,
      call: string,
      get: (path: string) => Promise<number>,
      path: (i: number) => string,
    ) => {
      const result = await measure(page, call, get, path);
      log(`pages: ${page} / ${call}: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
      calls.push(result);
    };
    await run('任务列表', 'GET /api/tasks (unit handler)', unit, () => '/api/tasks');
    await run('任务列表', 'GET /api/tasks (office)', office, () => '/api/tasks');
    await run('信访查询', 'first page, no filter', office, () => '/api/petitions');
    await run('信访查询', 'first page, unit handler', unit, () => '/api/petitions');
    await run(
      '信访查询',
      'stage + category filter',
      office,
      () => '/api/petitions?stage=handling&category=land-acquisition',
    );
    await run('信访查询', 'overdue, by deadline', office, () => '/api/petitions?status=overdue&sort=dueAt');
    await run('信访查询', `full text "征地补偿"`, office, () => `/api/petitions?q=${q('征地补偿')}`);
    await run(
      '信访查询',
      `full text "拖欠农民工工资"`,
      office,
      () => `/api/petitions?q=${q('拖欠农民工工资')}`,
    );
    await run(
      '信访查询',
      `full text "楼顶漏水", unit handler`,
      unit,
      () => `/api/petitions?q=${q('楼顶漏水')}`,
    );
    await run('信访查询', 'page 50', office, () => '/api/petitions?page=50&size=50');
    await run(
      '信访件',
      'GET /api/petitions/:number',
      office,
      (i) => `/api/petitions/${numbers[i % numbers.length]!}`,
    );
    await run('登记', 'GET /api/petitions/hints', intake, () => hintPath);
    await run(
      '督查统计',
      'GET /api/dashboard (this month)',
      supervisor,
      () => `/api/dashboard?from=${monthStart}&to=${today}`,
    );
    await run(
      '督查统计',
      'GET /api/dashboard (366 days)',
      supervisor,
      () => `/api/dashboard?from=${yearAgo}&to=${today}`,
    );
    await run(
      '督查统计',
      'GET /api/dashboard/export (this month)',
      supervisor,
      () => `/api/dashboard/export?from=${monthStart}&to=${today}`,
    );
    const pageLoads = existsSync(CHROMIUM) ? await loadPages(base, numbers[0]!, log) : undefined;
    if (pageLoads === undefined) log(`pages: no Chromium at ${CHROMIUM}, page loads not measured`);
    return { petitions: PETITIONS, seedSeconds, rows, calls, pageLoads };
  } finally {
    await server?.close();
    await api.dispatcher.stop();
    await camunda.closeAllClients();
    await engine.stop();
    await db.end();
  }
}

/** Every page of the web app in Chromium, as the user who works on it. */
async function loadPages(base: string, number: string, log: (line: string) => void): Promise<PageLoad[]> {
  const taskKey = await firstTaskKey(base);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    return await measurePageLoads(
      browser,
      base,
      PASSWORD,
      [
        { page: '登记', path: '/register', username: 'bench-intake' },
        { page: '任务列表', path: '/tasks', username: 'bench-unit' },
        { page: '办理任务', path: `/tasks/${taskKey}`, username: 'bench-unit' },
        { page: '信访查询', path: '/petitions', username: 'bench-office' },
        { page: '信访件', path: `/petitions/${number}`, username: 'bench-office' },
        { page: '流程实例', path: `/petitions/${number}/process`, username: 'bench-office' },
        { page: '督办文书', path: '/letters', username: 'bench-office' },
        { page: '督查统计', path: '/dashboard', username: 'bench-supervisor' },
      ],
      log,
    );
  } finally {
    await browser.close();
  }
}

/** A task the unit handler may open. */
async function firstTaskKey(base: string): Promise<string> {
  const token = await bearerToken(base, 'bench-unit');
  const answer = await fetch(`${base}/api/tasks?scope=all`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const { items } = (await answer.json()) as { items: { key: string }[] };
  if (items[0] === undefined) throw new Error('the unit handler has no task to open');
  return items[0].key;
}
