// Process configuration: read once from the environment at boot, validated, then passed around
// as a plain object. Nothing else in the code reads process.env.
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

export type NodeEnv = 'development' | 'test' | 'production';
export type EngineMode = 'embedded' | 'external';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type CamundaAuth =
  | { strategy: 'NONE' }
  | { strategy: 'BASIC'; username: string; password: string }
  | { strategy: 'OAUTH'; clientId: string; clientSecret: string; oauthUrl: string; audience?: string };

export interface AppConfig {
  nodeEnv: NodeEnv;
  /** App server (HTTP API and web UI). */
  host: string;
  port: number;
  /** Absolute path; holds the embedded PostgreSQL cluster and the process lock. */
  dataDir: string;
  logLevel: LogLevel;
  /** An existing PostgreSQL; undefined means: run the embedded one under dataDir. */
  databaseUrl: string | undefined;
  embeddedPgPort: number;
  engine: EngineMode;
  /** Ports of the embedded engine (ENGINE=embedded); it listens on loopback only. */
  engineGrpcPort: number;
  engineRestPort: number;
  /** Whether the engine clock can be pinned and moved (PUT /v2/clock, POST /actuator/clock/add). */
  engineClockControlled: boolean;
  /** Command transactions the embedded engine runs at once; undefined: the engine's default. */
  engineCommandTransactions: number | undefined;
  /** Where the Camunda clients connect: the embedded engine, or the cluster for ENGINE=external. */
  zeebeGrpcAddress: string;
  zeebeRestAddress: string;
  camundaAuth: CamundaAuth;
  /** Where SMS notices are POSTed; undefined: they are written to the log only. */
  smsGatewayUrl: string | undefined;
  /** Secret protecting petitioners' identity fields; undefined: a key file in dataDir. */
  dataKeySecret: string | undefined;
  /** Password of the demo accounts created by `npm start -- --demo`. */
  demoPassword: string;
  /**
   * Which reverse proxies the app believes about the client's address, host and protocol
   * (X-Forwarded-*): none (false), all (true), that many hops, or these addresses and subnets.
   * Express's `trust proxy` setting.
   */
  trustProxy: TrustProxy;
}

export type TrustProxy = boolean | number | string[];

/** The embedded engine has no authentication, so it never listens beyond this machine. */
export const EMBEDDED_ENGINE_HOST = '127.0.0.1';

/** Variables whose values never appear in error messages. */
const SECRET_VARIABLES = new Set([
  'DATABASE_URL',
  'CAMUNDA_BASIC_AUTH_PASSWORD',
  'ZEEBE_CLIENT_SECRET',
  'XF_DATA_KEY',
  'DEMO_PASSWORD',
]);

const EXTERNAL_ONLY_VARIABLES = [
  'ZEEBE_GRPC_ADDRESS',
  'ZEEBE_REST_ADDRESS',
  'CAMUNDA_BASIC_AUTH_USERNAME',
  'CAMUNDA_BASIC_AUTH_PASSWORD',
  'ZEEBE_CLIENT_ID',
  'ZEEBE_CLIENT_SECRET',
  'CAMUNDA_OAUTH_URL',
  'ZEEBE_TOKEN_AUDIENCE',
] as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .pipe(
      z.number().min(min, `must be between ${min} and ${max}`).max(max, `must be between ${min} and ${max}`),
    );

const portNumber = (fallback: number) => wholeNumber(1, 65535).default(fallback);

const booleanFlag = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'], 'must be true or false'))
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, `must be one of: ${values.join(', ')}`);

const urlWithProtocol = (protocols: readonly string[], example: string) =>
  z.string().refine((value) => {
    try {
      const url = new URL(value);
      return protocols.includes(url.protocol) && url.hostname !== '';
    } catch {
      return false;
    }
  }, `must be a URL like ${example}`);

const text = z.string();

/** Express's names for address ranges, besides addresses and subnets (10.0.0.0/8). */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const trustProxy = z.string().transform((value, context): TrustProxy => {
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.every(isProxyAddress)) return entries;
  context.addIssue({
    code: 'custom',
    message:
      'must be true, false, a number of proxies, or addresses/subnets like 10.0.0.5,10.1.0.0/16 (or loopback)',
  });
  return z.NEVER;
});

const envSchema = z.object({
  NODE_ENV: oneOf(['development', 'test', 'production']).default('development'),
  PORT: portNumber(3000),
  HOST: text.default('127.0.0.1'),
  ENGINE: oneOf(['embedded', 'external']).default('embedded'),
  ENGINE_GRPC_PORT: portNumber(26500),
  ENGINE_REST_PORT: portNumber(8088),
  DATA_DIR: text.default('./data'),
  DATABASE_URL: urlWithProtocol(
    ['postgres:', 'postgresql:'],
    'postgres://user:password@host:5432/xinfang',
  ).optional(),
  EMBEDDED_PG_PORT: portNumber(5433),
  ENGINE_CLOCK_CONTROLLED: booleanFlag.optional(),
  ENGINE_COMMAND_TRANSACTIONS: wholeNumber(1, 8).optional(),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ZEEBE_GRPC_ADDRESS: urlWithProtocol(['grpc:', 'grpcs:'], 'grpcs://zeebe.example.org:26500').optional(),
  ZEEBE_REST_ADDRESS: urlWithProtocol(['http:', 'https:'], 'https://camunda.example.org:8080').optional(),
  CAMUNDA_AUTH_STRATEGY: oneOf(['NONE', 'BASIC', 'OAUTH']).optional(),
  CAMUNDA_BASIC_AUTH_USERNAME: text.optional(),
  CAMUNDA_BASIC_AUTH_PASSWORD: text.optional(),
  ZEEBE_CLIENT_ID: text.optional(),
  ZEEBE_CLIENT_SECRET: text.optional(),
  CAMUNDA_OAUTH_URL: urlWithProtocol(['http:', 'https:'], 'https://login.example.org/oauth/token').optional(),
  ZEEBE_TOKEN_AUDIENCE: text.optional(),
  SMS_GATEWAY_URL: urlWithProtocol(['http:', 'https:'], 'https://sms.example.org/send').optional(),
  XF_DATA_KEY: text.min(32, 'must be at least 32 characters').optional(),
  DEMO_PASSWORD: text.min(8, 'must be at least 8 characters').default('demo-2026'),
  TRUST_PROXY: trustProxy.optional(),
});

type Env = z.output<typeof envSchema>;
type EnvName = keyof Env;

/** Reads and validates the configuration. Throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = pickKnown(env);
  const parsed = envSchema.safeParse(known);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => describeIssue(String(issue.path[0]), issue.message, known)),
    );
  }
  const values = parsed.data;
  const problems: string[] = [];
  const camundaAuth =
    values.ENGINE === 'external' ? externalAuth(values, problems) : embeddedAuth(values, problems);
  if (values.ENGINE === 'external') {
    for (const name of ['ZEEBE_GRPC_ADDRESS', 'ZEEBE_REST_ADDRESS'] as const) {
      if (values[name] === undefined) problems.push(`${name}: required when ENGINE=external`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    nodeEnv: values.NODE_ENV,
    host: values.HOST,
    port: values.PORT,
    dataDir: path.resolve(values.DATA_DIR),
    logLevel: values.LOG_LEVEL,
    databaseUrl: values.DATABASE_URL,
    embeddedPgPort: values.EMBEDDED_PG_PORT,
    engine: values.ENGINE,
    engineGrpcPort: values.ENGINE_GRPC_PORT,
    engineRestPort: values.ENGINE_REST_PORT,
    // A movable clock is a test and demo tool; production runs on the system clock unless asked.
    engineClockControlled: values.ENGINE_CLOCK_CONTROLLED ?? values.NODE_ENV !== 'production',
    engineCommandTransactions: values.ENGINE_COMMAND_TRANSACTIONS,
    zeebeGrpcAddress:
      values.ENGINE === 'external'
        ? (values.ZEEBE_GRPC_ADDRESS ?? '')
        : `grpc://${EMBEDDED_ENGINE_HOST}:${values.ENGINE_GRPC_PORT}`,
    zeebeRestAddress:
      values.ENGINE === 'external'
        ? (values.ZEEBE_REST_ADDRESS ?? '')
        : `http://${EMBEDDED_ENGINE_HOST}:${values.ENGINE_REST_PORT}`,
    camundaAuth,
    smsGatewayUrl: values.SMS_GATEWAY_URL,
    dataKeySecret: values.XF_DATA_KEY,
    demoPassword: values.DEMO_PASSWORD,
    trustProxy: values.TRUST_PROXY ?? false,
  };
}

/** Only our variables, with empty strings treated as unset (as `FOO=` in a compose file means). */
function pickKnown(env: NodeJS.ProcessEnv): Partial<Record<EnvName, string>> {
  const known: Partial<Record<EnvName, string>> = {};
  for (const name of Object.keys(envSchema.shape) as EnvName[]) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') known[name] = value;
  }
  return known;
}

function describeIssue(name: string, message: string, known: Partial<Record<EnvName, string>>): string {
  const value = known[name as EnvName];
  if (value === undefined) return `${name}: ${message}`;
  return SECRET_VARIABLES.has(name)
    ? `${name}: ${message} (value hidden)`
    : `${name}: ${message} (got "${value}")`;
}

// The embedded engine accepts any client; cluster settings here mean ENGINE=external was forgotten.
function embeddedAuth(values: Env, problems: string[]): CamundaAuth {
  for (const name of EXTERNAL_ONLY_VARIABLES) {
    if (values[name] !== undefined) {
      problems.push(
        `${name}: only used with ENGINE=external (ENGINE is embedded); unset it or set ENGINE=external`,
      );
    }
  }
  if (values.CAMUNDA_AUTH_STRATEGY !== undefined && values.CAMUNDA_AUTH_STRATEGY !== 'NONE') {
    problems.push(
      'CAMUNDA_AUTH_STRATEGY: the embedded engine takes no authentication; use NONE or ENGINE=external',
    );
  }
  return { strategy: 'NONE' };
}

function externalAuth(values: Env, problems: string[]): CamundaAuth {
  const require = (name: EnvName, strategy: string): string => {
    const value = values[name];
    if (typeof value === 'string') return value;
    problems.push(`${name}: required when CAMUNDA_AUTH_STRATEGY=${strategy}`);
    return '';
  };
  switch (values.CAMUNDA_AUTH_STRATEGY ?? 'NONE') {
    case 'NONE':
      return { strategy: 'NONE' };
    case 'BASIC':
      return {
        strategy: 'BASIC',
        username: require('CAMUNDA_BASIC_AUTH_USERNAME', 'BASIC'),
        password: require('CAMUNDA_BASIC_AUTH_PASSWORD', 'BASIC'),
      };
    case 'OAUTH':
      return {
        strategy: 'OAUTH',
        clientId: require('ZEEBE_CLIENT_ID', 'OAUTH'),
        clientSecret: require('ZEEBE_CLIENT_SECRET', 'OAUTH'),
        oauthUrl: require('CAMUNDA_OAUTH_URL', 'OAUTH'),
        ...(values.ZEEBE_TOKEN_AUDIENCE === undefined ? {} : { audience: values.ZEEBE_TOKEN_AUDIENCE }),
      };
  }
}
