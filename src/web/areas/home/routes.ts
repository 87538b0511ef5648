import type { AreaRoutes } from '../../router/area';
import { loadSession } from '../../session/session';
import { firstPageFor } from './first-page';

export const routes: AreaRoutes['routes'] = [
  {
    // "/" opens the page the user's roles work on first (the guard has loaded the session).
    path: '/',
    name: 'home',
    component: () => import('./ForbiddenPage.vue'),
    beforeEnter: async () => {
      const user = await loadSession();
      return user === null ? { name: 'login' } : firstPageFor(user.roles);
    },
  },
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('./ForbiddenPage.vue'),
    meta: { title: 'error.forbiddenTitle' },
  },
];
