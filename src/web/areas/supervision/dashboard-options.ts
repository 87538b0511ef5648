// The dashboard's charts as ECharts options, built from the answer of GET /api/dashboard. Pure
// functions of the figures and the page's texts, so the tables beside the charts show exactly
// what is drawn.
import type { ChartOption } from '../../components/charts/echarts';
import type { Dashboard, Series, UnitRates } from './types';

type Translate = (key: string, values?: Record<string, unknown>) => string;

export const RATE_KEYS = ['timelyAcceptance', 'onTimeReply', 'ratingParticipation', 'satisfaction'] as const;
export type RateKey = (typeof RATE_KEYS)[number];

export const TREND_DIMENSIONS = ['channel', 'category', 'area'] as const;
export type TrendDimension = (typeof TREND_DIMENSIONS)[number];

/** Lines drawn at most per trend chart (the biggest); the table lists every one. */
export const TREND_LINES = 8;

const COLORS = {
  nearDue: '#e6a23c',
  dueToday: '#f56c6c',
  overdue: '#c45656',
};

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** A trend period as the axis shows it: the day (MM-DD), or the Monday of the week. */
export function periodLabel(day: string, bucket: 'day' | 'week', t: Translate): string {
  return bucket === 'day' ? day.slice(5) : t('supervision.dashboard.chart.weekOf', { day: day.slice(5) });
}

export function unitName(rates: UnitRates, t: Translate): string {
  return rates.unit?.name ?? t('supervision.dashboard.chart.total');
}

export function ratesOption(dashboard: Dashboard, t: Translate): ChartOption {
  const units = dashboard.rates.units;
  return {
    tooltip: { trigger: 'axis', valueFormatter: (value) => (value === null ? '—' : `${String(value)}%`) },
    legend: { top: 0 },
    grid: { left: 40, right: 12, top: 32, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: units.map((rates) => unitName(rates, t)),
      axisLabel: { interval: 0, rotate: units.length > 5 ? 30 : 0, fontSize: 11 },
    },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: RATE_KEYS.map((key) => ({
      type: 'bar' as const,
      name: t(`supervision.dashboard.kpi.${key}`),
      data: units.map((rates) => percent(rates[key].rate)),
    })),
  };
}

export function trendSeries(dashboard: Dashboard, dimension: TrendDimension, t: Translate): Series[] {
  const series = dashboard.trends[dimension];
  // Channels carry the server's names; the page shows its own words for them.
  return dimension === 'channel'
    ? series.map((item) => ({ ...item, name: t(`vocab.channel.${item.code}`) }))
    : series;
}

export function trendOption(dashboard: Dashboard, dimension: TrendDimension, t: Translate): ChartOption {
  const { periods, bucket, total } = dashboard.trends;
  const lines = trendSeries(dashboard, dimension, t)
    .filter((item) => item.total > 0)
    .slice(0, TREND_LINES);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 12, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: periods.map((day) => periodLabel(day, bucket, t)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'line' as const,
        name: t('supervision.dashboard.chart.total'),
        data: total,
        lineStyle: { width: 3 },
      },
      ...lines.map((item) => ({ type: 'line' as const, name: item.name, data: item.counts })),
    ],
  };
}

export function stagesOption(dashboard: Dashboard, t: Translate): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 12, top: 12, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: dashboard.byStage.map((item) => t(`vocab.stage.${item.stage}`)),
      axisLabel: { interval: 0, fontSize: 11 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: t('supervision.dashboard.chart.count'),
        data: dashboard.byStage.map((item) => item.count),
        label: { show: true, position: 'top' },
      },
    ],
  };
}

export function deadlinesOption(dashboard: Dashboard, t: Translate): ChartOption {
  const kinds = ['accept', 'handle'] as const;
  const states = ['nearDue', 'dueToday', 'overdue'] as const;
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 12, top: 32, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: kinds.map((kind) => t(`supervision.dashboard.chart.deadlineKinds.${kind}`)),
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: states.map((state) => ({
      type: 'bar' as const,
      name: t(`supervision.dashboard.kpi.${state}`),
      stack: 'due',
      color: COLORS[state],
      data: kinds.map((kind) => dashboard.deadlines[kind][state]),
    })),
  };
}

export function repeatRows(dashboard: Dashboard, t: Translate): { name: string; count: number }[] {
  const figures = dashboard.registrations;
  return (['repeats', 'repeatedCases', 'skipLevel'] as const).map((key) => ({
    name: t(`supervision.dashboard.kpi.${key}`),
    count: figures[key],
  }));
}

export function repeatOption(dashboard: Dashboard, t: Translate): ChartOption {
  const rows = repeatRows(dashboard, t);
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 12, top: 12, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((row) => row.name) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: t('supervision.dashboard.chart.count'),
        data: rows.map((row) => row.count),
        barMaxWidth: 48,
        label: { show: true, position: 'top' },
      },
    ],
  };
}

export function hotTopicsOption(dashboard: Dashboard, t: Translate): ChartOption {
  const topics = [...dashboard.hotTopics].reverse();
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    grid: { left: 8, right: 36, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: topics.map((topic) => topic.name), axisLabel: { fontSize: 11 } },
    series: [
      {
        type: 'bar',
        name: t('supervision.dashboard.chart.count'),
        data: topics.map((topic) => topic.count),
        label: { show: true, position: 'right' },
      },
    ],
  };
}
