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
