import { EditPen, List, Message } from '@element-plus/icons-vue';
import type { AreaRoutes } from '../../router/area';
import { PETITION_READERS, REGISTRARS, WORKERS } from '../../session/roles';

export const routes: AreaRoutes['routes'] = [
  {
    path: '/register',
    name: 'register',
    component: () => import('./RegisterPage.vue'),
    meta: { roles: REGISTRARS, title: 'work.register.title' },
  },
  {
    path: '/tasks',
    name: 'tasks',
    component: () => import('./TaskListPage.vue'),
    meta: { roles: WORKERS, title: 'work.tasks.title' },
  },
  {
    path: '/tasks/:key',
    name: 'task',
    component: () => import('./TaskPage.vue'),
    // `key` is reserved in Vue (a vnode's key), so the page takes the task key as `taskKey`.
    props: (route) => ({ taskKey: String(route.params.key) }),
    meta: { roles: WORKERS, title: 'work.task.title' },
  },
  {
    path: '/letters',
    name: 'letters',
    component: () => import('./LettersPage.vue'),
    meta: { roles: PETITION_READERS, title: 'work.letters.title' },
  },
];

export const menu: AreaRoutes['menu'] = [
  { path: '/register', label: 'work.register.title', icon: EditPen, roles: REGISTRARS, order: 10 },
  { path: '/tasks', label: 'work.tasks.title', icon: List, roles: WORKERS, order: 20 },
  { path: '/letters', label: 'work.letters.title', icon: Message, roles: PETITION_READERS, order: 30 },
];
