import { Calendar, Document, OfficeBuilding, User } from '@element-plus/icons-vue';
import type { AreaRoutes } from '../../router/area';
import { ADMINS } from '../../session/roles';

export const routes: AreaRoutes['routes'] = [
  {
    path: '/admin/users',
    name: 'admin-users',
    component: () => import('./UsersPage.vue'),
    meta: { roles: ADMINS, title: 'admin.users.title' },
  },
  {
    path: '/admin/units',
    name: 'admin-units',
    component: () => import('./UnitsPage.vue'),
    meta: { roles: ADMINS, title: 'admin.units.title' },
  },
  {
    path: '/admin/calendar',
    name: 'admin-calendar',
    component: () => import('./CalendarPage.vue'),
    meta: { roles: ADMINS, title: 'admin.calendar.title' },
  },
  {
    path: '/admin/audit',
    name: 'admin-audit',
    component: () => import('./AuditPage.vue'),
    meta: { roles: ADMINS, title: 'admin.audit.title' },
  },
];

export const menu: AreaRoutes['menu'] = [
  { path: '/admin/users', label: 'admin.users.title', icon: User, roles: ADMINS, order: 70 },
  { path: '/admin/units', label: 'admin.units.title', icon: OfficeBuilding, roles: ADMINS, order: 80 },
  { path: '/admin/calendar', label: 'admin.calendar.title', icon: Calendar, roles: ADMINS, order: 85 },
  { path: '/admin/audit', label: 'admin.audit.title', icon: Document, roles: ADMINS, order: 90 },
];
