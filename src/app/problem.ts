// Errors as RFC 9457 problem details: { type, title, status, detail }, and for invalid input an
// `errors` array naming each bad field. Titles, details and field messages are shown to county
// staff, so they are in Chinese; `type` is the stable, machine-readable part. A server-side
// failure also carries the request's id (`requestId`), the key to its log lines.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { DomainError } from '../domain/errors.js';
import { toError } from '../lib/errors.js';
import { requestIdOf, requestLogger } from './request-context.js';

/** One bad field of a request: its path (`petitioner.idNumber`, `variables.kind`) and what is wrong. */
export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** Extension member on 5xx answers: the X-Request-Id of the request, as in the log. */
  requestId?: string;
}

/** The stable problem types of the API. */
export const PROBLEM_TYPES = {
  invalidInput: 'urn:xinfang-flow:problem:invalid-input',
  unauthenticated: 'urn:xinfang-flow:problem:unauthenticated',
  badCredentials: 'urn:xinfang-flow:problem:bad-credentials',
  forbidden: 'urn:xinfang-flow:problem:forbidden',
  notFound: 'urn:xinfang-flow:problem:not-found',
  conflict: 'urn:xinfang-flow:problem:conflict',
  taskCompleted: 'urn:xinfang-flow:problem:task-not-open',
  engineUnavailable: 'urn:xinfang-flow:problem:engine-unavailable',
} as const;

/** 400 naming every bad field. */
export function invalidInputProblem(errors: FieldError[], detail?: string): ProblemDetails {
  return {
    type: PROBLEM_TYPES.invalidInput,
    title: '提交的内容有误',
    status: 400,
    detail: detail ?? `有 ${errors.length} 项内容需要更正。`,
    errors,
  };
}

/** A problem of one of the API's own types. */
export function apiProblem(
  type: keyof typeof PROBLEM_TYPES,
  status: number,
  detail: string,
  title?: string,
): ProblemError {
  return new ProblemError({
    type: PROBLEM_TYPES[type],
    title: title ?? STATUS_TITLES[status] ?? '请求失败',
    status,
    detail,
  });
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
    // The request's logger already names the request id, method, path and user.
    const log = requestLogger(res, logger.child({ method: req.method, path: req.path }));
    const requestId = requestIdOf(res);
    if (problem.status >= 500) {
      log.error({ err: toError(thrown), status: problem.status }, 'request failed');
    } else {
      log.debug({ status: problem.status }, problem.detail);
    }
    // Only server-side failures: the user quotes the id, the operator finds the cause in the log.
    // A 4xx answer says what to correct already (and the header has the id anyway).
    const body = problem.status >= 500 && requestId !== undefined ? { ...problem, requestId } : problem;
    res.status(problem.status).type('application/problem+json').json(body);
  };
}

function toProblem(thrown: unknown): ProblemDetails {
  if (thrown instanceof ProblemError) return thrown.problem;
  if (thrown instanceof DomainError) return domainProblem(thrown);
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

/** The domain's closed set of error codes, as HTTP problems; the message is already Chinese. */
function domainProblem(error: DomainError): ProblemDetails {
  switch (error.code) {
    case 'not-found':
      return {
        type: PROBLEM_TYPES.notFound,
        title: STATUS_TITLES[404] ?? '',
        status: 404,
        detail: error.message,
      };
    case 'invalid-input':
      return invalidInputProblem([], error.message);
    case 'conflict':
      return {
        type: PROBLEM_TYPES.conflict,
        title: STATUS_TITLES[409] ?? '',
        status: 409,
        detail: error.message,
      };
    case 'data-key':
      return httpProblem(500, '处理请求时发生意外错误，请稍后重试或联系系统管理员。');
  }
}
