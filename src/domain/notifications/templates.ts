// The message templates, by name. Each declares its parameters (zod) and renders a short,
// polite text in the usual wording of petition notices; the SMS signature 【云溪县信访局】 comes
// first, as Chinese SMS gateways require.
import { z } from 'zod';
import { toShanghaiDate } from '../calendar/index.js';
import { NotificationError } from './errors.js';

export const DEFAULT_SIGNATURE = '云溪县信访局';

const text = z.string().trim().min(1).max(500);
const instant = z.union([z.iso.datetime({ offset: true }), z.number().int()]).transform((value, context) => {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) {
    context.addIssue({ code: 'custom', message: '时间无效' });
    return z.NEVER;
  }
  return ms;
});

function chineseDate(epochMs: number): string {
  const date = toShanghaiDate(epochMs);
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

const STAGE_NAMES = { accept: '受理', handle: '办理' } as const;

interface TemplateDefinition<S extends z.ZodType> {
  /** 受理告知 … for lists and logs. */
  title: string;
  params: S;
  render(params: z.output<S>, signature: string): string;
}

/** A template as the registry holds it: checks its parameters, then renders. */
export interface NotificationTemplate {
  title: string;
  params: z.ZodType;
  /** Throws the schema's issues (z.ZodError) when `params` do not fit. */
  check(params: unknown): (signature: string) => string;
}

function template<S extends z.ZodType>(definition: TemplateDefinition<S>): NotificationTemplate {
  return {
    title: definition.title,
    params: definition.params,
    check(params) {
      const parsed = definition.params.safeParse(params, {
        reportInput: true,
        error: z.locales.zhCN().localeError,
      });
      if (!parsed.success) throw parsed.error;
      return (signature) => definition.render(parsed.data, signature);
    },
  };
}

export const NOTIFICATION_TEMPLATES = {
  /** 受理告知: the competent unit accepted the petition. */
  accepted: template({
    title: '受理告知',
    params: z.object({ petitionNumber: text, unitName: text }),
    render: (p, signature) =>
      `【${signature}】您好！您反映的信访事项（编号${p.petitionNumber}）已由${p.unitName}受理，` +
      '将在规定期限内办理并答复您，请耐心等候。',
  }),
  /** 不予受理告知, with the reason. */
  'not-accepted': template({
    title: '不予受理告知',
    params: z.object({ petitionNumber: text, unitName: text, reason: text }),
    render: (p, signature) =>
      `【${signature}】您好！您反映的信访事项（编号${p.petitionNumber}）经${p.unitName}审查，` +
      `不予受理，理由：${p.reason.replace(/[。.]$/, '')}。如有疑问，请咨询县信访局。`,
  }),
  /** 答复告知, with the code the petitioner uses to rate the handling (满意度评价). */
  reply: template({
    title: '答复告知',
    params: z.object({
      petitionNumber: text,
      unitName: text,
      evaluationCode: z.string().regex(/^[A-Za-z0-9]{4,16}$/, '评价码应为 4 到 16 位字母或数字'),
    }),
    render: (p, signature) =>
      `【${signature}】您好！您反映的信访事项（编号${p.petitionNumber}）已由${p.unitName}办理并作出答复，` +
      `请查收书面答复意见。请对办理情况进行评价，评价码：${p.evaluationCode}。` +
      '如对答复不服，可自收到之日起30日内请求复查。',
  }),
  /** 复查 / 复核 decision issued; after 复核 the matter is final. */
  'recheck-decision': template({
    title: '复查复核意见告知',
    params: z.object({ petitionNumber: text, level: z.enum(['review', 're-review']) }),
    render: (p, signature) =>
      p.level === 'review'
        ? `【${signature}】您好！您请求复查的信访事项（编号${p.petitionNumber}）已作出复查意见，请查收。` +
          '如不服，可自收到之日起30日内请求复核。'
        : `【${signature}】您好！您请求复核的信访事项（编号${p.petitionNumber}）已作出复核意见，请查收。` +
          '复核意见为终结意见。',
  }),
  /** 临期提醒 to the responsible unit, before a stage's deadline. */
  'unit-reminder': template({
    title: '临期提醒',
    params: z.object({
      petitionNumber: text,
      unitName: text,
      stage: z.enum(['accept', 'handle']),
      deadline: instant,
    }),
    render: (p, signature) =>
      `【${signature}】${p.unitName}：信访事项（编号${p.petitionNumber}）的${STAGE_NAMES[p.stage]}期限` +
      `将于${chineseDate(p.deadline)}届满，请抓紧办理，避免逾期。`,
  }),
} as const satisfies Record<string, NotificationTemplate>;

export type TemplateName = keyof typeof NOTIFICATION_TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(NOTIFICATION_TEMPLATES) as TemplateName[];

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(NOTIFICATION_TEMPLATES, name);
}

function paramsError(name: string, issues: readonly z.core.$ZodIssue[]): NotificationError {
  const missing = (issue: z.core.$ZodIssue) => issue.code === 'invalid_type' && issue.input === undefined;
  const zh = issues.map((issue) =>
    missing(issue)
      ? `缺少参数 ${issue.path.join('.')}`
      : `参数 ${issue.path.join('.') || '（整体）'}：${issue.message}`,
  );
  const en = issues.map((issue) =>
    missing(issue) ? `missing param ${issue.path.join('.')}` : `param ${issue.path.join('.')}: ${issue.code}`,
  );
  return new NotificationError(
    `短信模板“${name}”的参数有误：${zh.join('；')}`,
    `Template ${name}: ${en.join('; ')}`,
    'invalid-params',
  );
}

/**
 * Checks `params` against the template and renders the text. Throws NotificationError
 * `unknown-template` or `invalid-params` (naming each missing or bad parameter).
 */
export function renderNotification(
  name: string,
  params: unknown,
  options: { signature?: string } = {},
): { body: string; params: Record<string, unknown> } {
  if (!isTemplateName(name)) {
    throw new NotificationError(
      `没有名为“${name}”的短信模板（可用：${TEMPLATE_NAMES.join('、')}）`,
      `Unknown template ${name}; known: ${TEMPLATE_NAMES.join(', ')}`,
      'unknown-template',
    );
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new NotificationError(
      `短信模板“${name}”的参数必须是对象`,
      `Template ${name}: params must be an object`,
      'invalid-params',
    );
  }
  let render: (signature: string) => string;
  try {
    render = NOTIFICATION_TEMPLATES[name].check(params);
  } catch (error: unknown) {
    if (error instanceof z.ZodError) throw paramsError(name, error.issues);
    throw error;
  }
  // Store the parameters as given (valid), not as transformed: they are re-rendered from JSON.
  return {
    body: render(options.signature ?? DEFAULT_SIGNATURE),
    params: { ...params },
  };
}
