// What the audit log records: the actions of src/domain/audit (AUDIT_ACTIONS), mirrored because
// that module reaches the database types. Kept free of imports so that the admin browser test can
// compare both lists.
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

/** The groups the server filters by (`action=user` matches every `user.*`), in the list's order. */
export const AUDIT_GROUPS = [...new Set(AUDIT_ACTIONS.map((action) => action.split('.')[0] ?? action))];
