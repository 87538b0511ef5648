// What job handlers may use: the app database and engine time. Engine time matters: deadlines
// are computed on the engine's clock, which a test or demo may have moved.
import type pg from 'pg';
import type { DataKey } from '../../src/domain/petitioners/index.js';

export interface WorkerDeps {
  db: pg.Pool;
  /** Decrypts petitioners' contact details for notices. */
  dataKey: DataKey;
  /** Engine time (epoch ms). */
  now(): Promise<number>;
}

/**
 * Reads engine time from the engine's clock endpoint (GET /actuator/clock of the embedded engine).
 * Without one (a Camunda cluster whose clock is not controlled) engine time is system time.
 */
export function engineTimeSource(clockUrl: string | undefined): () => Promise<number> {
  if (!clockUrl) return () => Promise.resolve(Date.now());
  return async () => {
    const response = await fetch(clockUrl, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`engine clock answered ${response.status} at ${clockUrl}`);
    const body = (await response.json()) as { epochMilli?: unknown };
    if (typeof body.epochMilli !== 'number')
      throw new Error(`engine clock at ${clockUrl} gave no epochMilli`);
    return body.epochMilli;
  };
}
