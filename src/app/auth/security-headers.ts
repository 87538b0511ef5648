// Security headers of every answer (helmet). The Content-Security-Policy fits the web app as it is
// built (Vite, Vue 3, Element Plus) and served by this app: scripts, styles, fonts, workers and API
// calls from the same origin only; inline styles allowed, because Element Plus and bpmn-js set
// style attributes; images also as data: and blob: URLs (icons, diagrams exported as images). No
// upgrade-insecure-requests: county offices often reach the app over plain HTTP on their LAN, where
// upgrading would break every request. HSTS only on HTTPS requests, for the same reason.
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** One year; subdomains are left alone (other county services may still be plain HTTP). */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
} as const;

export function securityHeaders(): RequestHandler[] {
  const hsts = helmet.strictTransportSecurity({ maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false });
  return [
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
      referrerPolicy: { policy: 'same-origin' },
      strictTransportSecurity: false,
      // frame-ancestors 'none' for browsers that still read only the older header.
      xFrameOptions: { action: 'deny' },
    }),
    // req.secure: TLS here, or X-Forwarded-Proto https from a trusted proxy (TRUST_PROXY).
    (req, res, next) => {
      if (req.secure) hsts(req, res, next);
      else next();
    },
  ];
}
