import { Share } from '@element-plus/icons-vue';
import type { AreaRoutes } from '../../router/area';
import { DESIGNERS, PETITION_READERS } from '../../session/roles';

export const routes: AreaRoutes['routes'] = [
  {
    path: '/petitions/:number/process',
    name: 'process',
    component: () => import('./ProcessPage.vue'),
    props: true,
    meta: { roles: PETITION_READERS, title: 'process.view.title' },
  },
  {
    path: '/models',
    name: 'models',
    component: () => import('./ModelsPage.vue'),
    meta: { roles: DESIGNERS, title: 'process.models.title' },
  },
];

export const menu: AreaRoutes['menu'] = [
  { path: '/models', label: 'process.models.title', icon: Share, roles: DESIGNERS, order: 60 },
];
