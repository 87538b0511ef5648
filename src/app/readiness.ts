// Readiness: the app serves only when its database, the engine and the workers all answer.
import type { Logger } from 'pino';
import { toError } from '../lib/errors.js';

export type ReadinessCheck = () => Promise<boolean>;

export interface ReadinessChecks {
  database: ReadinessCheck;
  engine: ReadinessCheck;
  workers: ReadinessCheck;
}

export type CheckName = keyof ReadinessChecks;

export interface ReadinessReport {
  status: 'UP' | 'DOWN';
  checks: Record<CheckName, 'UP' | 'DOWN'>;
  failed: CheckName[];
}

const CHECK_TIMEOUT_MS = 5000;

export interface ReadinessHint {
  part: CheckName;
  zh: string;
  en: string;
}

/** What an operator checks first when a part is down. */
export const READINESS_HINTS: Record<CheckName, { zh: string; en: string }> = {
  database: {
    zh: '数据库无法访问：检查 PostgreSQL 是否在运行、DATABASE_URL 是否正确、磁盘是否已满。',
    en: 'Database unreachable: check that PostgreSQL is running, DATABASE_URL is right and the disk is not full.',
  },
  engine: {
    zh: '流程引擎无法访问：内置引擎请查看日志（component=engine）；外部集群请检查 ZEEBE_GRPC_ADDRESS / ZEEBE_REST_ADDRESS 及 Camunda 是否就绪。',
    en: 'Process engine unreachable: embedded, see the log (component=engine); external, check ZEEBE_GRPC_ADDRESS / ZEEBE_REST_ADDRESS and that Camunda is ready.',
  },
  workers: {
    zh: '作业处理程序未运行：查看日志（component=workers），必要时重启服务。',
    en: 'Job workers are not running: see the log (component=workers) and restart the service if needed.',
  },
};

/** The report with a hint for each failed part. */
export function withHints(report: ReadinessReport): ReadinessReport & { hints: ReadinessHint[] } {
  return { ...report, hints: report.failed.map((part) => ({ part, ...READINESS_HINTS[part] })) };
}

/** Runs every check at once; one that throws or takes longer than the limit counts as DOWN. */
export async function checkReadiness(checks: ReadinessChecks, logger: Logger): Promise<ReadinessReport> {
  const names = Object.keys(checks) as CheckName[];
  const results = await Promise.all(names.map((name) => runCheck(name, checks[name], logger)));
  const report: ReadinessReport = {
    status: 'UP',
    checks: { database: 'DOWN', engine: 'DOWN', workers: 'DOWN' },
    failed: [],
  };
  names.forEach((name, index) => {
    const up = results[index] === true;
    report.checks[name] = up ? 'UP' : 'DOWN';
    if (!up) report.failed.push(name);
  });
  if (report.failed.length > 0) report.status = 'DOWN';
  return report;
}

async function runCheck(name: CheckName, check: ReadinessCheck, logger: Logger): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => {
      logger.warn({ check: name }, `readiness check timed out after ${CHECK_TIMEOUT_MS} ms`);
      resolve(false);
    }, CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      check().catch((error: unknown) => {
        logger.warn({ check: name, err: toError(error) }, 'readiness check failed');
        return false;
      }),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
