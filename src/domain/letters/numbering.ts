// Letter numbers (文号) in the official form 机关代字〔年份〕序号号:
//
//   <issuer prefix><kind character>〔<year>〕<serial>号
//   云溪信督〔2026〕7号   督办函     (supervision)
//   云溪信险〔2026〕3号   风险提醒函 (risk)
//   云溪信问〔2026〕1号   问责建议函 (accountability)
//
// One sequence per kind per year; the year is the issue date's year in Asia/Shanghai, the serial
// starts at 1 each year and has no leading zeros. The serial is taken from app.letter_counters in
// the transaction that stores the letter: issues of one kind wait for each other there, and a
// rolled-back issue gives its number back, so the numbers of a year have no gaps.
import type pg from 'pg';
import type { LetterKind } from './types.js';

export const KIND_CHARACTERS: Readonly<Record<LetterKind, string>> = {
  supervision: '督',
  risk: '险',
  accountability: '问',
};

export const KIND_TITLES: Readonly<Record<LetterKind, string>> = {
  supervision: '督办函',
  risk: '风险提醒函',
  accountability: '问责建议函',
};

export function formatLetterNumber(prefix: string, kind: LetterKind, year: number, serial: number): string {
  return `${prefix}${KIND_CHARACTERS[kind]}〔${year}〕${serial}号`;
}

/** The next serial of `kind` in `year`; holds the counter's row lock until the transaction ends. */
export async function allocateSerial(tx: pg.PoolClient, kind: LetterKind, year: number): Promise<number> {
  const result = await tx.query<{ last_serial: number }>(
    `INSERT INTO app.letter_counters AS c (kind, year, last_serial) VALUES ($1, $2, 1)
     ON CONFLICT (kind, year) DO UPDATE SET last_serial = c.last_serial + 1
     RETURNING c.last_serial`,
    [kind, year],
  );
  const row = result.rows[0];
  if (row === undefined) throw new Error(`No serial allocated for ${kind} letters of ${year}`);
  return row.last_serial;
}
