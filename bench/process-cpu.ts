// Processor time of the database server, read from /proc (Linux): the postmaster found as the
// parent of our backend, and every process it started. Backends that end during a run take their
// time with them, so it is read around runs whose connections stay open. Elsewhere: undefined.
import { readFile, readdir } from 'node:fs/promises';
import type pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface ProcStat {
  parent: number;
  /** utime + stime, in ticks. */
  ticks: number;
}

async function procStat(pid: number): Promise<ProcStat | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** Milliseconds of processor time the server has used so far; undefined where /proc is missing. */
export async function databaseCpuMs(db: pg.Pool): Promise<number | undefined> {
  const { rows } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const backend = await procStat(rows[0]!.pid);
  if (!backend) return undefined;
  const postmaster = backend.parent;
  let ticks = (await procStat(postmaster))?.ticks ?? 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await procStat(Number(entry));
    if (stat?.parent === postmaster) ticks += stat.ticks;
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
