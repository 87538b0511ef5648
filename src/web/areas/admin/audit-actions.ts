// What the audit log records (src/domain/audit/actions.ts) and the groups the audit page filters by.
import { AUDIT_ACTIONS } from '../../../domain/audit/actions';

export { AUDIT_ACTIONS, type AuditAction } from '../../../domain/audit/actions';

/** The groups the server filters by (`action=user` matches every `user.*`), in the list's order. */
export const AUDIT_GROUPS = [...new Set(AUDIT_ACTIONS.map((action) => action.split('.')[0] ?? action))];
