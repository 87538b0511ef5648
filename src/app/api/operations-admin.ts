// OpenAPI operations of the audited routes (admin-routes.ts): users, units, the audit log and the
// petitioner's unmasked identity. Their schemas are registered by ../admin/schemas.ts.
import { IDENTITY_ROLES } from '../auth/access.js';
import '../admin/schemas.js';
import './admin-calendar.js';
import type { Operation } from './openapi.js';

const username = { name: 'username', description: '用户名' };
const paging = [
  { name: 'limit', in: 'query', description: '每页条数（1–200，默认 50）' },
  { name: 'offset', in: 'query', description: '从第几条开始（默认 0）' },
] as const;

export const ADMIN_OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: '/api/petitions/{number}/petitioner',
    summary: '信访人完整身份信息（不打码）',
    description:
      "The petitioner's name, ID number, phone and address in clear, for those who contact the petitioner: intake, office and office_review, and the lead unit's handlers and head (the discipline liaison for accusations its unit leads). Other roles that may see the petition answer 403; a petition outside the user's scope answers 404. Every answer is written to the audit log (`petitioner.unmasked`, target: the petition number) and carries `Cache-Control: no-store`.",
    roles: IDENTITY_ROLES,
    parameters: [{ name: 'number', description: '信访事项编号' }],
    responses: { 200: 'PetitionerIdentity' },
    problems: [401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/admin/users',
    summary: '用户列表',
    description: 'Users by username, with their lock state, last sign-in and last password change.',
    roles: ['admin'],
    parameters: [
      { name: 'unit', in: 'query', description: '单位代码' },
      { name: 'role', in: 'query', description: '角色' },
      { name: 'active', in: 'query', description: 'true：启用的；false：停用的' },
      { name: 'q', in: 'query', description: '用户名或姓名中的文字' },
      ...paging,
    ],
    responses: { 200: 'AdminUserList' },
    problems: [400, 401, 403],
  },
  {
    method: 'post',
    path: '/api/admin/users',
    summary: '新建用户',
    description:
      'Creates an account with an initial password. Unit handlers and heads need an active unit. Audited as `user.created` (without the password).',
    roles: ['admin'],
    body: 'NewUserRequest',
    responses: { 201: 'AdminUser' },
    problems: [400, 401, 403, 409],
  },
  {
    method: 'patch',
    path: '/api/admin/users/{username}',
    summary: '修改用户（姓名、角色、单位、启用）',
    description:
      "Changes the fields given. A deactivated account's sessions end at once. An administrator cannot deactivate themselves or remove their own admin role. Audited as `user.updated` with each changed field's old and new value.",
    roles: ['admin'],
    parameters: [username],
    body: 'UserChangesRequest',
    responses: { 200: 'AdminUser' },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'post',
    path: '/api/admin/users/{username}/password',
    summary: '重置密码',
    description:
      "Sets a new password chosen by the administrator, ends all the user's sessions and lifts a lock. Audited as `user.password_reset` (without the password).",
    roles: ['admin'],
    parameters: [username],
    body: 'PasswordResetRequest',
    responses: { 204: undefined },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'post',
    path: '/api/admin/users/{username}/unlock',
    summary: '解除锁定',
    description:
      'Lifts the lock set after 5 wrong passwords in a row and clears the count. Audited as `user.unlocked`.',
    roles: ['admin'],
    parameters: [username],
    responses: { 200: 'AdminUser' },
    problems: [401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/admin/units',
    summary: '单位列表（含停用的）',
    roles: ['admin'],
    responses: { 200: 'AdminUnitList' },
    problems: [401, 403],
  },
  {
    method: 'post',
    path: '/api/admin/units',
    summary: '新建单位',
    description:
      'The petition office, the 政法委, the discipline commission and the re-check office exist once per county among active units. Audited as `unit.created`.',
    roles: ['admin'],
    body: 'NewUnitRequest',
    responses: { 201: 'AdminUnit' },
    problems: [400, 401, 403, 409],
  },
  {
    method: 'patch',
    path: '/api/admin/units/{code}',
    summary: '修改单位（名称、类型、上级单位、联系电话、启用）',
    description:
      'Changes the fields given; `contactPhone: null` removes the phone. Routing skips inactive units. Audited as `unit.updated` with each changed field.',
    roles: ['admin'],
    parameters: [{ name: 'code', description: '单位代码' }],
    body: 'UnitChangesRequest',
    responses: { 200: 'AdminUnit' },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/admin/audit',
    summary: '审计日志',
    description:
      'Newest first. `action` is an action (`session.login`) or a group (`session`, `user`, `unit`, `petitioner`, `process`, `model`, `report`, `calendar`); `from` and `to` are days (Beijing time, both included) or instants.',
    roles: ['admin'],
    parameters: [
      { name: 'actor', in: 'query', description: '操作人用户名' },
      { name: 'action', in: 'query', description: '操作类型或类别' },
      { name: 'target', in: 'query', description: '操作对象（信访事项编号、用户名、单位代码……）' },
      { name: 'from', in: 'query', description: '开始日期或时间' },
      { name: 'to', in: 'query', description: '结束日期或时间' },
      ...paging,
    ],
    responses: { 200: 'AuditList' },
    problems: [400, 401, 403],
  },
  {
    method: 'get',
    path: '/api/admin/calendar/years',
    summary: '录入的国家节假日安排（按年）',
    description:
      'The years of the national holiday schedule entered by the county from the State Council notices, for years the built-in schedule (chinese-days) does not cover yet, each with its days; `publishedYears`: every year the working-day calendar can compute in. An entered year the built-in schedule covers by now is `supersededByPackage` and ignored.',
    roles: ['admin'],
    responses: { 200: 'NationalYearList' },
    problems: [401, 403],
  },
  {
    method: 'put',
    path: '/api/admin/calendar/years/{year}',
    summary: '录入某年的国家节假日安排（整年替换）',
    description:
      "Enters a year's whole schedule from its State Council notice: every holiday (`working: false`) and make-up working day (`working: true`), all within the year, 1 January among the holidays, no date twice, `notice` on gov.cn. Replaces what was entered for the year, in one transaction. A year the built-in schedule covers is refused (400). Audited as `calendar.year_entered`. Deadlines that failed for want of the schedule succeed when their incident is resolved afterwards.",
    roles: ['admin'],
    parameters: [{ name: 'year', description: '年份，如 2027' }],
    body: 'NationalYearRequest',
    responses: { 200: 'NationalYear' },
    problems: [400, 401, 403],
  },
];
