// `npm run calendar -- import <file.json> [--notice <url>]` and `npm run calendar -- list`: the
// national holiday schedule of a year the built-in schedule (chinese-days) does not cover yet,
// entered from the State Council notice (published each November for the next year). The file has
// the holiday-cn format (https://github.com/NateScarlet/holiday-cn): `year`, `papers` (the notice's
// address), `days` of `{ name, date, isOffDay }`; a county may take that project's file or write
// its own. `--notice`, or a `notice` field, names the notice when `papers` is missing.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { CalendarError, createCalendar, type CountyYear } from '../../domain/calendar/index.js';
import { listNationalYears, saveNationalYear } from '../../domain/deadline-rules/index.js';
import { toError } from '../../lib/errors.js';
import { runCli } from './run-cli.js';

const USAGE = `用法：npm run calendar -- import <文件.json> [--notice <国务院通知网址>]
      npm run calendar -- list

  import：录入（或整年替换）一年的国家节假日安排。文件格式同 holiday-cn：
    { "year": 2027, "papers": ["https://www.gov.cn/…"],
      "days": [{ "name": "元旦", "date": "2027-01-01", "isOffDay": true }, …] }
    isOffDay 为 true 是放假，false 是调休上班；须列出通知中的全部日期。
    通知网址取自 --notice、文件中的 notice 或 papers 的第一项。
  list：列出可计算工作日的年份和录入的各年安排。`;

class UsageError extends Error {}

/** A refused file: its problem, in Chinese, and nothing stored. */
class FileError extends Error {}

type Command = { kind: 'list' } | { kind: 'import'; file: string; notice: string | undefined };

function parseCommand(argv: string[]): Command | undefined {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { notice: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) return undefined;
  const [command, file, ...rest] = positionals;
  if (command === 'list' && file === undefined && values.notice === undefined) return { kind: 'list' };
  if (command === 'import' && file !== undefined && rest.length === 0) {
    return { kind: 'import', file, notice: values.notice };
  }
  throw new UsageError('命令不完整');
}

/** The year in the file, in the shape the calendar checks; its rules are checked when saving. */
function parseScheduleFile(text: string, noticeOption?: string): CountyYear {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new FileError('文件不是有效的 JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new FileError('文件内容应为一个对象，含 year、papers 和 days');
  }
  const { year, papers, notice, days } = data as Record<string, unknown>;
  if (typeof year !== 'number' || !Number.isSafeInteger(year)) {
    throw new FileError('文件缺少年份（year），应为如 2027 的数字');
  }
  const fromFile: unknown =
    typeof notice === 'string' ? notice : Array.isArray(papers) ? (papers as unknown[])[0] : undefined;
  const chosen: unknown = noticeOption ?? fromFile;
  if (typeof chosen !== 'string' || chosen.trim() === '') {
    throw new FileError('文件没有给出国务院通知的网址（papers 或 notice），请用 --notice <网址> 指明');
  }
  if (!Array.isArray(days)) throw new FileError('文件缺少日期列表（days）');
  return {
    year,
    notice: chosen.trim(),
    days: days.map((day: unknown, index) => {
      const { name, date, isOffDay } = (typeof day === 'object' && day !== null ? day : {}) as Record<
        string,
        unknown
      >;
      if (typeof isOffDay !== 'boolean') {
        throw new FileError(`第 ${index + 1} 天缺少 isOffDay（true：放假；false：调休上班）`);
      }
      return { date: date as string, working: !isOffDay, name: name as string };
    }),
  };
}

async function runCommand(pool: pg.Pool, command: Command): Promise<void> {
  if (command.kind === 'import') {
    let text: string;
    try {
      text = await readFile(command.file, 'utf8');
    } catch (error: unknown) {
      throw new FileError(`无法读取文件 ${command.file}：${toError(error).message}`);
    }
    const entry = parseScheduleFile(text, command.notice);
    const { replaced } = await saveNationalYear(pool, entry, {
      actor: `cli:${os.userInfo().username}`,
      at: new Date(),
    });
    const holidays = entry.days.filter((day) => !day.working).length;
    console.log(
      `已${replaced ? '替换' : '录入'} ${entry.year} 年的节假日安排：放假 ${holidays} 天，调休上班 ${entry.days.length - holidays} 天（${entry.notice}）`,
    );
    console.log('因缺少该年安排而停下的期限计算，可在流程视图中点“解决事件”重试。');
    return;
  }
  const entered = await listNationalYears(pool);
  const calendar = createCalendar({ countyYears: entered.filter((year) => !year.supersededByPackage) });
  console.log(`可计算工作日的年份：${calendar.publishedYears().join('、')}`);
  if (entered.length === 0) console.log('尚未录入任何年份的节假日安排。');
  for (const year of entered) {
    const holidays = year.days.filter((day) => !day.working).length;
    console.log(
      `${year.year} 年：放假 ${holidays} 天，调休上班 ${year.days.length - holidays} 天；${year.notice}；` +
        `${year.enteredBy} 录入于 ${year.enteredAt.toISOString()}` +
        (year.supersededByPackage ? '（系统内置安排已包含该年，以内置为准，此录入不再使用）' : ''),
    );
  }
}

process.exitCode = await runCli({
  component: 'calendar-cli',
  usage: USAGE,
  parse: parseCommand,
  run: runCommand,
  refusal: (error) =>
    error instanceof FileError || error instanceof CalendarError ? `未录入：${error.message}` : undefined,
  failure: 'the calendar command failed',
});
