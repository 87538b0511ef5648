// Pages come from the areas (areas/<area>/routes.ts). Every page but the login page needs a
// session; a page for other roles shows the forbidden page instead (the server refuses the data
// in any case).
import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteRecordRaw,
} from 'vue-router';
import { hasAnyRole, loadSession } from '../session/session';
import type { AreaRoutes, MenuEntry } from './area';

const areas = import.meta.glob<AreaRoutes>('../areas/*/routes.ts', { eager: true });

const areaRoutes: RouteRecordRaw[] = Object.values(areas).flatMap((area) => area.routes);

export const menuEntries: MenuEntry[] = Object.values(areas)
  .flatMap((area) => area.menu ?? [])
  .sort((a, b) => a.order - b.order);

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    ...areaRoutes,
    {
      path: '/:unknown(.*)*',
      name: 'not-found',
      component: () => import('../layout/NotFoundPage.vue'),
      meta: { title: 'error.notFoundTitle' },
    },
  ],
});

/** Starts fetching the page's code; the router awaits the same imports after the guard. */
function preloadPage(to: RouteLocationNormalized): void {
  for (const record of to.matched) {
    for (const component of Object.values(record.components ?? {})) {
      // A failed import is the router's to report when it loads the page itself.
      if (typeof component === 'function') {
        Promise.resolve()
          .then(component as () => Promise<unknown>)
          .catch(() => undefined);
      }
    }
  }
}

router.beforeEach(async (to) => {
  if (to.meta.public === true) return true;
  // The page's code loads while the session is checked, not after.
  preloadPage(to);
  const user = await loadSession();
  if (user === null) return { name: 'login', query: { redirect: to.fullPath } };
  if (!hasAnyRole(user, to.meta.roles)) {
    return { name: 'forbidden', query: { from: to.fullPath } };
  }
  return true;
});
