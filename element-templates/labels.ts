// The Chinese names shown in Camunda Modeler for each job type's template: the task, its headers
// and their values, and the variables the worker reads. The values themselves come from the
// worker's zod schemas (build.ts); a value without a label here is shown as it is.

export interface HeaderLabels {
  label: string;
  description?: string;
  choices?: Readonly<Record<string, string>>;
  /** Show the header only when another header has one of these values. */
  shownWhen?: { header: string; oneOf: readonly string[] };
}

export interface TemplateLabels {
  name: string;
  description: string;
  headers?: Readonly<Record<string, HeaderLabels>>;
  variables?: Readonly<Record<string, string>>;
}

const VARIABLES: Readonly<Record<string, string>> = {
  petitionId: '信访事项编号（如 XF-2026-000123），每个消息的关联键',
  category: '问题类别代码',
  area: '属地（区域）代码',
  kind: '信访类型：suggestion 建议 / accusation 检举控告 / appeal 申诉求决',
  procedure: '办理程序：normal 普通程序（520）/ simplified 简易程序（210）',
  leadUnit: '主办单位代码',
  acceptDue: '受理期限（ISO 时间）',
  handleDue: '办理期限（ISO 时间）',
  riskLevel: '风险等级：low / medium / high',
  repeatCount: '已关联的重复信访次数',
  rejectReason: '不予受理的理由（受理表单）',
  acceptance: '受理结论（受理表单）',
  acceptanceSatisfaction: '回访：对受理的满意度',
  satisfaction: '回访：对办理结果的满意度',
};

const STAGE_CHOICES = {
  registered: '已登记',
  triage: '分办',
  acceptance: '受理',
  handling: '办理',
  review: '复查',
  replied: '已答复',
  return_visit: '回访',
  closed: '已办结',
  rejected: '不予受理',
};

export const TEMPLATE_LABELS: Readonly<Record<string, TemplateLabels>> = {
  'route-petition': {
    name: '信访：分办（按规则推荐承办单位）',
    description: '按分办规则（app.routing_rules）推荐主办、协办单位和办理路线；检举控告类转纪委监委。',
  },
  'compute-deadlines': {
    name: '信访：计算办理时限',
    description:
      '按时限规则（app.deadline_rules）和工作日历计算 <阶段>Due、<阶段>RemindAt、<阶段>AccountAt，并记录到信访事项。',
    headers: {
      stage: {
        label: '阶段',
        description: '计算哪个阶段的时限；延期从当前 handleDue 起算。',
        choices: { accept: '受理', handle: '办理', extension: '延期' },
      },
    },
  },
  'notify-petitioner': {
    name: '信访：告知信访人（短信）',
    description: '按模板向信访人发送一条短信（进入发件箱，同一作业只发一次）。',
    headers: {
      template: {
        label: '短信模板',
        choices: {
          accepted: '受理告知',
          'not-accepted': '不予受理告知',
          reply: '答复意见送达',
          'recheck-decision': '复查/复核意见送达',
        },
      },
      stage: {
        label: '复查或复核',
        description: '复查/复核意见送达时，说明是哪一级的意见。',
        choices: { review: '复查', 're-review': '复核' },
        shownWhen: { header: 'template', oneOf: ['recheck-decision'] },
      },
    },
  },
  'remind-unit': {
    name: '信访：临期提醒承办单位',
    description: '在期限临近时向主办单位发送提醒（通知发件箱）。',
    headers: {
      stage: { label: '阶段', choices: { accept: '受理', handle: '办理' } },
    },
  },
  'issue-letter': {
    name: '信访：制发函件',
    description:
      '生成编号、落款日期的 .docx 函件并存档：到期督办函、逾期问责建议函、高风险或重复信访的风险提醒函。',
    headers: {
      letter: {
        label: '函件',
        choices: { supervision: '督办函', accountability: '问责建议函', risk: '风险提醒函' },
      },
      stage: {
        label: '阶段',
        description: '督办函、问责建议函用受理或办理；风险提醒函用分办或重复信访。',
        choices: { accept: '受理', handle: '办理', triage: '分办', repeat: '重复信访' },
      },
    },
  },
  'update-petition': {
    name: '信访：更新办理阶段',
    description: '把信访事项的办理阶段记入事项和时间轴。',
    headers: { stage: { label: '阶段', choices: STAGE_CHOICES } },
  },
  'close-petition': {
    name: '信访：办结',
    description: '办结信访事项，记录回访满意度和时间轴。',
  },
};

export function variableLabel(name: string): string {
  return VARIABLES[name] ?? name;
}
