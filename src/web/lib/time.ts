// Days and instants as the county reads them: Beijing time, `YYYY-MM-DD` and `YYYY-MM-DD HH:mm`,
// whatever the time zone of the office computer. China has kept UTC+8 all year since 1991, so
// Beijing time is UTC shifted by eight hours: no time-zone database to load when a page first opens.
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

const pad = (value: number) => String(value).padStart(2, '0');

function beijingParts(at: Date | number) {
  const shifted = new Date((typeof at === 'number' ? at : at.getTime()) + BEIJING_OFFSET_MS);
  return {
    day: `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`,
    time: `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`,
  };
}

/** The Beijing day of an instant, `YYYY-MM-DD`. */
export function beijingDay(at: Date | number = Date.now()): string {
  return beijingParts(at).day;
}

/** An ISO instant as `YYYY-MM-DD HH:mm` in Beijing time; `none` when there is no instant. */
export function formatInstant(iso: string | null | undefined, none = ''): string {
  if (iso === null || iso === undefined || iso === '') return none;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const { day, time } = beijingParts(at);
  return `${day} ${time}`;
}
