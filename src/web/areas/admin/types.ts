// The answers of the administration API as the pages use them (src/app/admin/schemas.ts).
import type { Role } from '../../session/roles';
import type { UnitKind } from '../../../domain/vocabulary';
import type { AuditAction } from './audit-actions';

export interface AdminUser {
  username: string;
  displayName: string;
  roles: Role[];
  unitCode: string | null;
  active: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  passwordChangedAt: string | null;
  failedLogins: number;
  /** Set only while the account is locked. */
  lockedUntil: string | null;
}

export interface Page<T> {
  total: number;
  limit: number;
  offset: number;
  items: T[];
}

export { UNIT_KINDS, type UnitKind } from '../../../domain/vocabulary';

export interface AdminUnit {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  /** Digits only, as the server stores it. */
  contactPhone: string | null;
  active: boolean;
  /** Active accounts of the unit. */
  activeUsers: number;
}

export interface AuditRecord {
  id: number;
  at: string;
  actor: string | null;
  action: AuditAction;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

/** The server's password rule (src/domain/users/password.ts). */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

/** One day of a State Council holiday notice (src/domain/calendar/county-years.ts). */
export interface NationalDay {
  /** YYYY-MM-DD. */
  date: string;
  /** true: make-up working day (调休上班); false: holiday. */
  working: boolean;
  name: string;
}

/** A year of the national holiday schedule entered by the county (GET /api/admin/calendar/years). */
export interface EnteredYear {
  year: number;
  notice: string;
  enteredBy: string;
  enteredAt: string;
  /** The built-in schedule covers the year by now: these days are no longer used. */
  supersededByPackage: boolean;
  days: NationalDay[];
}

export interface CalendarYears {
  /** Years the calendar can compute working days in, built in or entered, ascending. */
  publishedYears: number[];
  items: EnteredYear[];
}
