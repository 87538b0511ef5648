// Errors as RFC 9457 problem details: { type, title, status, detail }. Titles and details are
// shown to county staff, so they are in Chinese; `type` is the stable, machine-readable part.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { toError } from '../lib/errors.js';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
}

/** Thrown by route handlers (or use cases) to answer with a specific problem. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(
    readonly problem: ProblemDetails,
    options?: { cause?: unknown },
  ) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`, options);
  }
}

/** Generic HTTP problems: `about:blank` with the status's title, as RFC 9457 §4.2.1 describes. */
const STATUS_TITLES: Record<number, string> = {
  400: '请求有误',
  401: '未登录',
  403: '无权访问',
  404: '未找到',
  405: '不支持的请求方法',
  409: '数据冲突',
  413: '请求内容过大',
  415: '不支持的内容类型',
  422: '请求内容无法处理',
  500: '服务器内部错误',
  503: '服务暂不可用',
};

export function httpProblem(status: number, detail: string): ProblemDetails {
  return { type: 'about:blank', title: STATUS_TITLES[status] ?? '请求失败', status, detail };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new ProblemError(httpProblem(404, `没有这个地址：${req.method} ${req.path}`)));
};

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (thrown: unknown, req, res, next) => {
    if (res.headersSent) {
      next(thrown);
      return;
    }
    const problem = toProblem(thrown);
    if (problem.status >= 500) {
      logger.error({ err: toError(thrown), method: req.method, path: req.path }, 'request failed');
    } else {
      logger.debug({ status: problem.status, method: req.method, path: req.path }, problem.detail);
    }
    res.status(problem.status).type('application/problem+json').json(problem);
  };
}

function toProblem(thrown: unknown): ProblemDetails {
  if (thrown instanceof ProblemError) return thrown.problem;
  const status = clientErrorStatus(thrown);
  if (status === undefined) return httpProblem(500, '处理请求时发生意外错误，请稍后重试或联系系统管理员。');
  // body-parser marks its errors (bad JSON, too large, wrong charset) with status and type.
  const kind = (thrown as { type?: unknown }).type;
  if (kind === 'entity.parse.failed') return httpProblem(400, '请求内容不是有效的 JSON。');
  if (kind === 'entity.too.large') return httpProblem(413, '请求内容超过大小限制。');
  return httpProblem(status, '请求无法处理。');
}

/** The 4xx status of an error that says it is safe to expose (http-errors convention). */
function clientErrorStatus(thrown: unknown): number | undefined {
  if (typeof thrown !== 'object' || thrown === null) return undefined;
  const { status, expose } = thrown as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : undefined;
}
