import type { AreaRoutes } from '../../router/area';

export const routes: AreaRoutes['routes'] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./LoginPage.vue'),
    meta: { public: true, title: 'login.title' },
  },
];
