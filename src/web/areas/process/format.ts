import { formatInstant } from '../../lib/time';

/** Process tables show a dash for an instant that has not happened (an instance still running). */
export function beijingTime(iso: string | null | undefined): string {
  return formatInstant(iso, '—');
}
