import { DataAnalysis, Search } from '@element-plus/icons-vue';
import type { AreaRoutes } from '../../router/area';
import { PETITION_READERS, SUPERVISORS } from '../../session/roles';

export const routes: AreaRoutes['routes'] = [
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('./DashboardPage.vue'),
    meta: { roles: SUPERVISORS, title: 'supervision.dashboard.title' },
  },
  {
    path: '/petitions',
    name: 'petitions',
    component: () => import('./SearchPage.vue'),
    meta: { roles: PETITION_READERS, title: 'supervision.search.title' },
  },
  {
    path: '/petitions/:number',
    name: 'petition',
    component: () => import('./PetitionPage.vue'),
    props: true,
    meta: { roles: PETITION_READERS, title: 'supervision.petition.title' },
  },
];

export const menu: AreaRoutes['menu'] = [
  {
    path: '/dashboard',
    label: 'supervision.dashboard.title',
    icon: DataAnalysis,
    roles: SUPERVISORS,
    order: 40,
  },
  { path: '/petitions', label: 'supervision.search.title', icon: Search, roles: PETITION_READERS, order: 50 },
];
