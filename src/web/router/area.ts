// What an area of the app (src/web/areas/<area>/routes.ts) contributes: its pages and menu entries.
// The router and the menu collect every area's file, so an area is added without touching them.
import type { Component } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '../session/roles';

export interface MenuEntry {
  /** The route path the entry opens. */
  path: string;
  /** An i18n key. */
  label: string;
  icon: Component;
  /** Who sees the entry; everyone signed in when absent. */
  roles?: readonly Role[];
  /** Position in the menu, smaller first. */
  order: number;
}

export interface AreaRoutes {
  routes: RouteRecordRaw[];
  menu?: MenuEntry[];
}

declare module 'vue-router' {
  interface RouteMeta {
    /** Who may open the page; everyone signed in when absent. */
    roles?: readonly Role[];
    /** The page title, an i18n key. */
    title?: string;
    /** Pages shown without signing in (the login page). */
    public?: boolean;
    /** Pages shown without the menu and header. */
    bare?: boolean;
  }
}
