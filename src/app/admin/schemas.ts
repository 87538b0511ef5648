// Requests and answers of the administration API (users, units, audit log) and of the unmasked
// petitioner identity; registered for the OpenAPI document.
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../domain/audit/index.js';
import { normalizePhone } from '../../domain/petitioners/index.js';
import { UNIT_KINDS } from '../../domain/units/index.js';
import { ROLES } from '../../domain/users/index.js';
import { API_SCHEMAS } from '../api/schemas.js';
import type { FieldLabels } from '../api/validation.js';

const instant = z.iso.datetime({ offset: true });

/** Paging of the lists: at most 200 per page (default 50). */
const paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

const PAGING_LABELS = { limit: '每页条数', offset: '起始位置' };

/** A phone number as normalizePhone leaves it (digits only), with its Chinese message when invalid. */
const phone = z.string().transform((value, context) => {
  try {
    return normalizePhone(value);
  } catch (error: unknown) {
    context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : '电话号码无效' });
    return z.NEVER;
  }
});

// ---- users ----------------------------------------------------------------------------------

export const userQuery = z.strictObject({
  unit: z.string().trim().min(1).max(64).optional(),
  role: z.enum(ROLES).optional(),
  active: z.enum(['true', 'false']).optional(),
  q: z.string().trim().min(1).max(64).optional(),
  ...paging,
});

export const USER_QUERY_LABELS: FieldLabels = {
  unit: '单位',
  role: '角色',
  active: '是否启用',
  q: '查询文字',
  ...PAGING_LABELS,
};

export const newUserBody = z
  .strictObject({
    /** 2–64 characters: a-z, 0-9, . _ -; compared in lower case. */
    username: z.string().trim().min(1).max(64),
    displayName: z.string().trim().min(1).max(50),
    /** The initial password, 8–256 characters; the user should change it. */
    password: z.string().min(1).max(256),
    roles: z.array(z.string()).min(1).max(10),
    unitCode: z.string().trim().min(1).max(64).nullable().optional(),
  })
  .register(API_SCHEMAS, { id: 'NewUserRequest' });

export const userChangesBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(50).optional(),
    roles: z.array(z.string()).min(1).max(10).optional(),
    /** null: no unit (not for unit handlers and heads). */
    unitCode: z.string().trim().min(1).max(64).nullable().optional(),
    /** false: the account can no longer sign in, and its sessions end. */
    active: z.boolean().optional(),
  })
  .register(API_SCHEMAS, { id: 'UserChangesRequest' });

export const passwordResetBody = z
  .strictObject({ password: z.string().min(1).max(256) })
  .register(API_SCHEMAS, { id: 'PasswordResetRequest' });

export const USER_LABELS: FieldLabels = {
  username: '用户名',
  displayName: '姓名',
  password: '密码',
  roles: '角色',
  unitCode: '所属单位',
  active: '是否启用',
};

export const adminUser = z
  .object({
    username: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(ROLES)),
    unitCode: z.string().nullable(),
    active: z.boolean(),
    createdAt: instant,
    lastLoginAt: instant.nullable(),
    passwordChangedAt: instant.nullable(),
    /** Wrong passwords in a row since the last sign-in or lock. */
    failedLogins: z.number().int(),
    /** Set while the account is locked after too many wrong passwords. */
    lockedUntil: instant.nullable(),
  })
  .register(API_SCHEMAS, { id: 'AdminUser' });

export const adminUserList = z
  .object({
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    items: z.array(adminUser),
  })
  .register(API_SCHEMAS, { id: 'AdminUserList' });

// ---- units ----------------------------------------------------------------------------------

const unitCode = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9-]*$/, '单位代码应为小写字母开头的小写字母、数字或 -');

export const newUnitBody = z
  .strictObject({
    code: unitCode,
    name: z.string().trim().min(1).max(100),
    kind: z.enum(UNIT_KINDS),
    parentCode: z.string().trim().min(1).max(64).nullable().optional(),
    /** For SMS reminders to the unit: a mobile number, or a landline with its area code. */
    contactPhone: phone.nullable().optional(),
  })
  .register(API_SCHEMAS, { id: 'NewUnitRequest' });

export const unitChangesBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    kind: z.enum(UNIT_KINDS).optional(),
    parentCode: z.string().trim().min(1).max(64).nullable().optional(),
    contactPhone: phone.nullable().optional(),
    active: z.boolean().optional(),
  })
  .register(API_SCHEMAS, { id: 'UnitChangesRequest' });

export const UNIT_LABELS: FieldLabels = {
  code: '单位代码',
  name: '单位名称',
  kind: '单位类型',
  parentCode: '上级单位',
  contactPhone: '联系电话',
  active: '是否启用',
};

export const adminUnit = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(UNIT_KINDS),
    parentCode: z.string().nullable(),
    contactPhone: z.string().nullable(),
    active: z.boolean(),
    /** Active accounts of the unit. */
    activeUsers: z.number().int(),
  })
  .register(API_SCHEMAS, { id: 'AdminUnit' });

export const adminUnitList = z
  .object({ items: z.array(adminUnit) })
  .register(API_SCHEMAS, { id: 'AdminUnitList' });

// ---- audit log --------------------------------------------------------------------------------

/** A day (Beijing time) or an instant with its offset. */
const dayOrInstant = z.union([z.iso.date(), instant]);

export const auditQuery = z.strictObject({
  actor: z.string().trim().min(1).max(64).optional(),
  /** An action (`session.login`) or a group (`session`). */
  action: z
    .string()
    .trim()
    .refine(
      (value) => AUDIT_ACTIONS.some((action) => action === value || action.startsWith(`${value}.`)),
      '没有这种操作类型',
    )
    .optional(),
  target: z.string().trim().min(1).max(200).optional(),
  from: dayOrInstant.optional(),
  to: dayOrInstant.optional(),
  ...paging,
});

export const AUDIT_QUERY_LABELS: FieldLabels = {
  actor: '操作人',
  action: '操作类型',
  target: '操作对象',
  from: '开始时间',
  to: '结束时间',
  ...PAGING_LABELS,
};

export const auditList = z
  .object({
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    items: z.array(
      z.object({
        id: z.number().int(),
        at: instant,
        actor: z.string().nullable(),
        action: z.enum(AUDIT_ACTIONS),
        target: z.string().nullable(),
        details: z.record(z.string(), z.unknown()),
        ip: z.string().nullable(),
      }),
    ),
  })
  .register(API_SCHEMAS, { id: 'AuditList' });

// ---- petitioner identity ------------------------------------------------------------------------

export const petitionerIdentity = z
  .object({
    petition: z.object({ number: z.string() }),
    name: z.string(),
    idNumber: z.string(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
  })
  .register(API_SCHEMAS, { id: 'PetitionerIdentity' });
