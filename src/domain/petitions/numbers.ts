// Petition numbers: XF-<year>-<sequence>, the sequence restarting at 1 every year (the year of
// registration in Asia/Shanghai), at least six digits.
import { toShanghaiDate } from '../calendar/index.js';

const NUMBER_PATTERN = /^XF-(\d{4})-(\d{6,})$/;

export function formatPetitionNumber(year: number, sequence: number): string {
  return `XF-${year}-${String(sequence).padStart(6, '0')}`;
}

export function parsePetitionNumber(number: string): { year: number; sequence: number } | undefined {
  const match = NUMBER_PATTERN.exec(number);
  if (match === null) return undefined;
  return { year: Number(match[1]), sequence: Number(match[2]) };
}

/** The numbering year of an instant: its calendar year in Asia/Shanghai. */
export function numberingYear(at: Date): number {
  return Number(toShanghaiDate(at.getTime()).slice(0, 4));
}
