// Who is signed in: loaded once from GET /api/session, set by sign-in, cleared by sign-out.
import { computed, reactive } from 'vue';
import { api, ApiError, useCsrfToken, sessionExpired } from '../api/client';
import type { Role } from './roles';

export interface SessionUser {
  username: string;
  displayName: string;
  roles: Role[];
  unitCode: string | null;
}

interface SessionAnswer {
  user: SessionUser;
  expiresAt: string;
  csrfToken: string;
}

const state = reactive<{ user: SessionUser | null; loaded: boolean }>({ user: null, loaded: false });

function accept(answer: SessionAnswer): SessionUser {
  useCsrfToken(answer.csrfToken);
  state.user = answer.user;
  state.loaded = true;
  sessionExpired.value = false;
  return answer.user;
}

export const currentUser = computed(() => state.user);

/** The signed-in user, asking the server once; null when nobody is signed in. */
export async function loadSession(): Promise<SessionUser | null> {
  if (state.loaded) return state.user;
  try {
    return accept(await api.get<SessionAnswer>('/session'));
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    state.user = null;
    state.loaded = true;
    return null;
  }
}

export async function signIn(username: string, password: string): Promise<SessionUser> {
  return accept(await api.post<SessionAnswer>('/session', { username, password }));
}

export async function signOut(): Promise<void> {
  try {
    await api.delete('/session');
  } finally {
    forgetSession();
  }
}

/** After a 401: the server no longer knows the session. */
export function forgetSession(): void {
  useCsrfToken(undefined);
  state.user = null;
  state.loaded = true;
}

export function hasAnyRole(user: SessionUser | null, roles: readonly Role[] | undefined): boolean {
  if (roles === undefined) return true;
  return user !== null && user.roles.some((role) => roles.includes(role));
}
