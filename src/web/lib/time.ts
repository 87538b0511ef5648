// Days and instants as the county reads them: Beijing time, `YYYY-MM-DD` and `YYYY-MM-DD HH:mm`,
// whatever the time zone of the office computer.
const DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Beijing day of an instant, `YYYY-MM-DD`. */
export function beijingDay(at: Date | number = Date.now()): string {
  return DAY.format(at);
}

/** An ISO instant as `YYYY-MM-DD HH:mm` in Beijing time; `none` when there is no instant. */
export function formatInstant(iso: string | null | undefined, none = ''): string {
  if (iso === null || iso === undefined || iso === '') return none;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${DAY.format(at)} ${TIME.format(at)}`;
}
