// GET /api/dashboard/export: the dashboard's tables as an Excel workbook — one sheet per table,
// Chinese headers, a title row naming the period — built from the same answer as the JSON, so
// the two always show the same numbers. Every export is audited (report.exported).
import ExcelJS from 'exceljs';
import { recordAudit } from '../../domain/audit/index.js';
import type { ApiDeps } from '../api/deps.js';
import type { SessionUser } from '../auth/sessions.js';
import { buildDashboard, type Dashboard, type Ratio } from './dashboard.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface DashboardFile {
  filename: string;
  /** ASCII stand-in for clients that do not read RFC 5987 `filename*`. */
  asciiFilename: string;
  contentType: string;
  bytes: Buffer;
}

type Cell = string | number | null;

/** A sheet: the title row (merged over the columns), the header row, then the rows. */
function addTable(
  workbook: ExcelJS.Workbook,
  name: string,
  title: string,
  headers: string[],
  rows: Cell[][],
) {
  const sheet = workbook.addWorksheet(name);
  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, Math.max(headers.length, 1));
  sheet.getRow(1).font = { bold: true, size: 14 };
  const header = sheet.addRow(headers);
  header.font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  headers.forEach((text, i) => {
    sheet.getColumn(i + 1).width = Math.max(10, Math.min(40, text.length * 2 + 4));
  });
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  return sheet;
}

/** A rate as a number (0–1) for Excel to show as a percentage, or empty when it has no denominator. */
const rateCells = (ratio: Ratio): Cell[] => [ratio.numerator, ratio.denominator, ratio.rate];

const RATE_HEADERS = [
  '责任单位',
  '按时受理数',
  '应受理数',
  '及时受理率',
  '按期办结数',
  '应办结数',
  '按期办结率',
  '参评数',
  '答复数',
  '参评率',
  '满意数（含基本满意）',
  '评价数',
  '满意率',
  '满意',
  '基本满意',
  '不满意',
];

export function dashboardWorkbook(dashboard: Dashboard): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'xinfang-flow';
  workbook.created = new Date(dashboard.generatedAt);
  const scope = dashboard.unit === null ? '全县' : dashboard.unit.name;
  const title = (what: string) => `${what}（${scope}，${dashboard.period.from} 至 ${dashboard.period.to}）`;

  addTable(
    workbook,
    '按阶段',
    title('信访事项按办理阶段统计'),
    ['办理阶段', '件数'],
    dashboard.byStage.map((row) => [row.name, row.count]),
  );

  const rateRows = [
    ...dashboard.rates.units.map((rates) => ({ name: rates.unit?.name ?? '', rates })),
    { name: '合计', rates: dashboard.rates.total },
  ];
  const rates = addTable(
    workbook,
    '各单位指标',
    title('各单位及时受理率、按期办结率、参评率、满意率'),
    RATE_HEADERS,
    rateRows.map(({ name, rates: r }) => [
      name,
      ...rateCells(r.timelyAcceptance),
      ...rateCells(r.onTimeReply),
      ...rateCells(r.ratingParticipation),
      ...rateCells(r.satisfaction),
      r.ratings.satisfied,
      r.ratings.basically,
      r.ratings.dissatisfied,
    ]),
  );
  for (const column of [4, 7, 10, 13]) rates.getColumn(column).numFmt = '0.00%';

  const deadlines = dashboard.deadlines;
  addTable(
    workbook,
    '期限预警',
    `期限预警（${scope}，截至 ${dashboard.generatedAt.slice(0, 10)}）`,
    ['期限', '临期（2个工作日内）', '今日到期', '已逾期'],
    [
      ['受理期限', deadlines.accept.nearDue, deadlines.accept.dueToday, deadlines.accept.overdue],
      ['办理期限', deadlines.handle.nearDue, deadlines.handle.dueToday, deadlines.handle.overdue],
      ['合计', deadlines.total.nearDue, deadlines.total.dueToday, deadlines.total.overdue],
    ],
  );

  const trends = dashboard.trends;
  const series = [
    { name: '登记总量', counts: trends.total },
    ...trends.channel.map((s) => ({ name: `渠道：${s.name}`, counts: s.counts })),
    ...trends.category.map((s) => ({ name: `类别：${s.name}`, counts: s.counts })),
    ...trends.area.map((s) => ({ name: `地区：${s.name}`, counts: s.counts })),
  ];
  addTable(
    workbook,
    '登记趋势',
    title(trends.bucket === 'day' ? '信访登记趋势（按日）' : '信访登记趋势（按周，周一起）'),
    [trends.bucket === 'day' ? '日期' : '周（周一）', ...series.map((s) => s.name)],
    trends.periods.map((period, i) => [period, ...series.map((s) => s.counts[i] ?? 0)]),
  );

  addTable(
    workbook,
    '热点问题',
    title('热点问题（登记量前十的问题类别）'),
    ['问题类别', '登记量', '占比'],
    dashboard.hotTopics.map((topic) => [topic.name, topic.count, topic.share]),
  ).getColumn(3).numFmt = '0.00%';

  addTable(
    workbook,
    '重复越级',
    title('重复信访与越级访'),
    ['项目', '件数'],
    [
      ['登记总量', dashboard.registrations.total],
      ['重复信访（并入在办件）', dashboard.registrations.repeats],
      ['被重复信访的事项', dashboard.registrations.repeatedCases],
      ['越级访', dashboard.registrations.skipLevel],
    ],
  );

  addTable(
    workbook,
    '零搁置',
    `零搁置检查：无人办理的在办信访事项 ${dashboard.zeroShelving.count} 件（${scope}，截至 ${dashboard.generatedAt.slice(0, 10)}）`,
    ['序号', '信访事项编号'],
    dashboard.zeroShelving.numbers.map((number, i) => [i + 1, number]),
  );
  return workbook;
}

export async function exportDashboard(
  deps: ApiDeps,
  query: unknown,
  user: SessionUser,
  ip: string | null,
): Promise<DashboardFile> {
  const dashboard = await buildDashboard(deps, query, user);
  const bytes = Buffer.from(await dashboardWorkbook(dashboard).xlsx.writeBuffer());
  const span = `${dashboard.period.from}_${dashboard.period.to}`;
  const unitPart = dashboard.unit === null ? '' : `_${dashboard.unit.name}`;
  await recordAudit(deps.db, {
    at: deps.clock(),
    actor: user.username,
    action: 'report.exported',
    target: dashboard.unit?.code ?? null,
    details: {
      report: 'dashboard',
      from: dashboard.period.from,
      to: dashboard.period.to,
      unit: dashboard.unit?.code ?? null,
    },
    ip,
  });
  return {
    filename: `信访督查统计${unitPart}_${span}.xlsx`,
    asciiFilename: `dashboard_${span}.xlsx`,
    contentType: XLSX_CONTENT_TYPE,
    bytes,
  };
}
