// The controlled clock's setting survives restarts, so a pinned test or demo clock stays pinned.
import type { ClockSetting } from '../clock.js';
import type { Db } from './db.js';

export async function loadClockSetting(db: Db): Promise<ClockSetting | undefined> {
  const { rows } = await db.query<{ mode: string; pinned_at: number | null; offset_milli: number }>(
    'SELECT mode, pinned_at, offset_milli FROM engine.clock WHERE id = 1',
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.mode === 'pinned' && row.pinned_at !== null) return { mode: 'pinned', pinnedAt: row.pinned_at };
  if (row.mode === 'offset') return { mode: 'offset', offsetMilli: row.offset_milli };
  return { mode: 'system' };
}

export async function saveClockSetting(db: Db, setting: ClockSetting): Promise<void> {
  await db.query(
    `INSERT INTO engine.clock (id, mode, pinned_at, offset_milli) VALUES (1, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET mode = EXCLUDED.mode, pinned_at = EXCLUDED.pinned_at,
       offset_milli = EXCLUDED.offset_milli`,
    [
      setting.mode,
      setting.mode === 'pinned' ? setting.pinnedAt : null,
      setting.mode === 'offset' ? setting.offsetMilli : 0,
    ],
  );
}
