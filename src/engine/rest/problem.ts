// RFC 9457 problem details: the one error shape of the engine's HTTP API, and the middleware that
// turns whatever a route throws into it.
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { EngineError, toError, type EngineErrorCode } from '../errors.js';

export interface ProblemDetail {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
}

const HTTP_OF_ENGINE_CODE: Record<EngineErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  FAILED_PRECONDITION: 409,
  DEADLINE_EXCEEDED: 504,
  UNAVAILABLE: 503,
};

/** A rejection decided by the HTTP layer itself (bad body, forbidden operation, unknown route). */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (detail: string) => new HttpProblem(400, 'INVALID_ARGUMENT', detail);
export const forbidden = (detail: string) => new HttpProblem(403, 'FORBIDDEN', detail);
export const routeNotFound = (detail: string) => new HttpProblem(404, 'NOT_FOUND', detail);

export function sendProblem(res: Response, problem: ProblemDetail): void {
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length === 0 ? 'request body' : issue.path.join('.')}: ${issue.message}`)
    .join('; ');
}

/** Parses a request body with a zod schema; a mismatch is a 400 naming each bad field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw badRequest(`Invalid request body: ${describeZodError(result.error)}`);
  return result.data;
}

function isBodyParserError(thrown: unknown): thrown is Error & { status: number; type: string } {
  return (
    thrown instanceof Error &&
    'type' in thrown &&
    typeof thrown.type === 'string' &&
    thrown.type.startsWith('entity.') &&
    'status' in thrown &&
    typeof thrown.status === 'number'
  );
}

/** The last middleware: maps thrown errors to problem details; unexpected ones are logged as 500. */
export function problemMiddleware(logger: Logger): ErrorRequestHandler {
  return (thrown: unknown, req, res, next) => {
    if (res.headersSent) {
      next(thrown);
      return;
    }
    const instance = req.originalUrl;
    if (thrown instanceof HttpProblem) {
      sendProblem(res, {
        type: 'about:blank',
        title: thrown.title,
        status: thrown.status,
        detail: thrown.message,
        instance,
      });
      return;
    }
    if (thrown instanceof EngineError) {
      const detail = [thrown.message, ...thrown.details.map((d) => `- ${d.message}`)].join('\n');
      sendProblem(res, {
        type: 'about:blank',
        title: thrown.code,
        status: HTTP_OF_ENGINE_CODE[thrown.code],
        detail,
        instance,
      });
      return;
    }
    if (isBodyParserError(thrown)) {
      const status = thrown.status >= 400 && thrown.status < 500 ? thrown.status : 400;
      sendProblem(res, {
        type: 'about:blank',
        title: 'INVALID_ARGUMENT',
        status,
        detail: `Invalid request body: ${thrown.message}`,
        instance,
      });
      return;
    }
    const error = toError(thrown);
    logger.error({ err: error, method: req.method, url: instance }, 'request failed unexpectedly');
    sendProblem(res, {
      type: 'about:blank',
      title: 'INTERNAL',
      status: 500,
      detail: `Unexpected error while handling ${req.method} ${req.path}: ${error.message}`,
      instance,
    });
  };
}
