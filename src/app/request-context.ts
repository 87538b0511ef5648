// Every request gets an id: the caller's X-Request-Id when it is a sensible one (a proxy or the
// web UI may have set it), else a new UUID. The id goes back in the X-Request-Id header and onto
// every log line of the request, so an operator finds a user's error report in the log.
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Letters, digits and . _ : - up to 128 characters: UUIDs and common trace ids, nothing to escape. */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Polled by probes and scrapers every few seconds: logged at debug, not info. */
const PROBE_PATHS: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics']);

/** The caller's id if it is one we can log and echo as it is; otherwise undefined. */
export function acceptedRequestId(value: string | undefined): string | undefined {
  return value !== undefined && REQUEST_ID_PATTERN.test(value) ? value : undefined;
}

interface SignedIn {
  user?: { username?: unknown };
}

/**
 * Sets res.locals.requestId and res.locals.logger, answers with X-Request-Id, and writes one
 * access log line when the response is sent.
 */
export function requestContext(parent: Logger): RequestHandler {
  return (req, res, next) => {
    const requestId = acceptedRequestId(req.get(REQUEST_ID_HEADER)) ?? randomUUID();
    const path = req.path;
    const base = parent.child({ requestId, method: req.method, path });
    let signedIn: { username: string; logger: Logger } | undefined;
    res.locals.requestId = requestId;
    // A getter, so that routes behind the session check log the username without the
    // authentication code having to know about logging.
    Object.defineProperty(res.locals, 'logger', {
      enumerable: true,
      configurable: true,
      get(): Logger {
        const username = usernameOf(res);
        if (username === undefined) return base;
        if (signedIn?.username !== username) signedIn = { username, logger: base.child({ username }) };
        return signedIn.logger;
      },
    });
    res.set(REQUEST_ID_HEADER, requestId);

    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
      const line = { status: res.statusCode, ms };
      const logger = requestLogger(res, base);
      if (PROBE_PATHS.has(path)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}

function usernameOf(res: Response): string | undefined {
  const username = (res.locals.session as SignedIn | undefined)?.user?.username;
  return typeof username === 'string' ? username : undefined;
}

/** The request's id, when requestContext ran for it. */
export function requestIdOf(res: Response): string | undefined {
  const id: unknown = res.locals.requestId;
  return typeof id === 'string' ? id : undefined;
}

/** The request's logger (with requestId, method, path and, once signed in, username), or `fallback`. */
export function requestLogger(res: Response, fallback: Logger): Logger {
  const logger: unknown = res.locals.logger;
  return logger === undefined ? fallback : (logger as Logger);
}
