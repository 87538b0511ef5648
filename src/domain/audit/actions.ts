// What can be audited. Dotted names group the actions on the admin's audit page. Free of imports,
// so the web app reads the same list.
export const AUDIT_ACTIONS = [
  'session.login',
  'session.login_failed',
  'session.locked',
  'session.logout',
  'petitioner.unmasked',
  'user.created',
  'user.updated',
  'user.password_reset',
  'user.unlocked',
  'unit.created',
  'unit.updated',
  'process.incident_resolved',
  'process.job_retried',
  'process.instance_modified',
  'model.deployed',
  'report.exported',
  'calendar.year_entered',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
