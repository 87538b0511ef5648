// The reference data of the demo county (云溪县, fictional): its units, petition categories,
// towns and streets, and which unit handles which category where. A fresh install starts
// from this; the county then edits it in the admin pages.
import type { AreaKind } from '../reference/areas.js';
import type { UnitKind } from '../units/units.js';
import type { Line } from '../vocabulary.js';

export const CATEGORY_CODES = [
  'land-acquisition',
  'labor-social-security',
  'housing-security',
  'urban-rural-construction',
  'real-estate',
  'environment',
  'education',
  'health',
  'transport',
  'market-regulation',
  'law-litigation',
  'police',
  'accusation',
  'other',
] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

export const CATEGORIES: Readonly<Record<CategoryCode, { name: string; line: Line; accusation: boolean }>> = {
  'land-acquisition': { name: '征地拆迁', line: 'ordinary', accusation: false },
  'labor-social-security': { name: '劳动社保', line: 'ordinary', accusation: false },
  'housing-security': { name: '住房保障', line: 'ordinary', accusation: false },
  'urban-rural-construction': { name: '城乡建设', line: 'ordinary', accusation: false },
  'real-estate': { name: '房地产与不动产登记', line: 'ordinary', accusation: false },
  environment: { name: '环境保护', line: 'ordinary', accusation: false },
  education: { name: '教育', line: 'ordinary', accusation: false },
  health: { name: '医疗卫生', line: 'ordinary', accusation: false },
  transport: { name: '交通', line: 'ordinary', accusation: false },
  'market-regulation': { name: '市场监管', line: 'ordinary', accusation: false },
  'law-litigation': { name: '涉法涉诉', line: 'law', accusation: false },
  police: { name: '公安执法', line: 'law', accusation: false },
  accusation: { name: '检举控告', line: 'ordinary', accusation: true },
  other: { name: '其他', line: 'ordinary', accusation: false },
};

export const AREA_CODES = [
  'chengguan',
  'dongcheng',
  'xicheng',
  'qingshi',
  'liuhe',
  'maji',
  'baisha',
  'yangliu',
] as const;
export type AreaCode = (typeof AREA_CODES)[number];

export const AREAS: Readonly<Record<AreaCode, { name: string; kind: AreaKind }>> = {
  chengguan: { name: '城关镇', kind: 'town' },
  dongcheng: { name: '东城街道', kind: 'street' },
  xicheng: { name: '西城街道', kind: 'street' },
  qingshi: { name: '青石镇', kind: 'town' },
  liuhe: { name: '柳河镇', kind: 'town' },
  maji: { name: '马集镇', kind: 'town' },
  baisha: { name: '白沙乡', kind: 'township' },
  yangliu: { name: '杨柳乡', kind: 'township' },
};

export interface UnitSeed {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode?: string;
}

/** Parents come before the units they lead. A town's government has the town's area code. */
export const UNITS: readonly UnitSeed[] = [
  { code: 'petition-office', name: '县信访局', kind: 'office' },
  { code: 'political-legal', name: '县委政法委', kind: 'law' },
  { code: 'discipline', name: '县纪委监委', kind: 'discipline' },
  { code: 'city-petition-office', name: '市信访局', kind: 'recheck' },
  { code: 'housing-construction', name: '县住房和城乡建设局', kind: 'department' },
  { code: 'natural-resources', name: '县自然资源局', kind: 'department' },
  { code: 'human-resources', name: '县人力资源和社会保障局', kind: 'department' },
  { code: 'market-regulation', name: '县市场监督管理局', kind: 'department' },
  { code: 'education', name: '县教育局', kind: 'department' },
  { code: 'health', name: '县卫生健康局', kind: 'department' },
  { code: 'transport', name: '县交通运输局', kind: 'department' },
  { code: 'ecology-environment', name: '县生态环境局', kind: 'department' },
  // The law-and-litigation line (两条线): led by the 政法委.
  { code: 'public-security', name: '县公安局', kind: 'department', parentCode: 'political-legal' },
  { code: 'court', name: '县人民法院', kind: 'department', parentCode: 'political-legal' },
  { code: 'procuratorate', name: '县人民检察院', kind: 'department', parentCode: 'political-legal' },
  { code: 'justice', name: '县司法局', kind: 'department', parentCode: 'political-legal' },
  { code: 'chengguan', name: '城关镇人民政府', kind: 'township' },
  { code: 'dongcheng', name: '东城街道办事处', kind: 'township' },
  { code: 'xicheng', name: '西城街道办事处', kind: 'township' },
  { code: 'qingshi', name: '青石镇人民政府', kind: 'township' },
  { code: 'liuhe', name: '柳河镇人民政府', kind: 'township' },
  { code: 'maji', name: '马集镇人民政府', kind: 'township' },
  { code: 'baisha', name: '白沙乡人民政府', kind: 'township' },
  { code: 'yangliu', name: '杨柳乡人民政府', kind: 'township' },
];

export interface RoutingRuleSeed {
  category: CategoryCode;
  /** Omitted: any area. */
  area?: AreaCode;
  lead: string;
  co?: string[];
}

/**
 * Any-area rules name the competent department; area rules hand matters to the locality
 * (属地) or, for matters that cross areas (三跨), add co-handling units. `other` has no rule:
 * the petition office routes it by hand at triage.
 */
export const ROUTING_RULES: readonly RoutingRuleSeed[] = [
  { category: 'land-acquisition', lead: 'natural-resources' },
  { category: 'land-acquisition', area: 'chengguan', lead: 'chengguan', co: ['natural-resources'] },
  // The development zone straddles 东城 and 西城.
  {
    category: 'land-acquisition',
    area: 'dongcheng',
    lead: 'dongcheng',
    co: ['xicheng', 'natural-resources'],
  },
  { category: 'labor-social-security', lead: 'human-resources' },
  // Most wage arrears come from the industrial park in 马集镇.
  { category: 'labor-social-security', area: 'maji', lead: 'human-resources', co: ['maji'] },
  { category: 'housing-security', lead: 'housing-construction' },
  { category: 'urban-rural-construction', lead: 'housing-construction' },
  { category: 'urban-rural-construction', area: 'baisha', lead: 'baisha', co: ['housing-construction'] },
  { category: 'urban-rural-construction', area: 'yangliu', lead: 'yangliu', co: ['housing-construction'] },
  // 不动产证 problems: housing builds, natural resources registers.
  { category: 'real-estate', lead: 'housing-construction', co: ['natural-resources'] },
  { category: 'environment', lead: 'ecology-environment' },
  // The 柳河 runs through 柳河镇 and 青石镇.
  { category: 'environment', area: 'liuhe', lead: 'ecology-environment', co: ['liuhe', 'qingshi'] },
  { category: 'education', lead: 'education' },
  { category: 'health', lead: 'health' },
  { category: 'transport', lead: 'transport' },
  { category: 'market-regulation', lead: 'market-regulation' },
  { category: 'law-litigation', lead: 'political-legal' },
  { category: 'police', lead: 'public-security' },
  { category: 'accusation', lead: 'discipline' },
];
