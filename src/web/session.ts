import { createContext, useContext, useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Permission } from '../shared/access.ts';
import { ApiError, api, setCsrfToken, type Me } from './api.ts';
import type { Lang } from './i18n.ts';

export const ME_KEY = ['me'] as const;

// The last signed-in user, without the CSRF token, so an installed app reopened with no network still
// opens the entry screens; writes wait in the offline queue until `me` is fetched again online.
const OFFLINE_ME = 'gridline.me';

function rememberMe(me: Me | null): void {
  try {
    if (me) localStorage.setItem(OFFLINE_ME, JSON.stringify({ ...me, csrfToken: '' }));
    else localStorage.removeItem(OFFLINE_ME);
  } catch {
    // Private mode or a full store: reopening offline then needs the network, nothing else changes.
  }
}

function rememberedMe(): Me | null {
  try {
    const saved = localStorage.getItem(OFFLINE_ME);
    return saved ? (JSON.parse(saved) as Me) : null;
  } catch {
    return null;
  }
}

export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.me();
    setCsrfToken(me.csrfToken);
    rememberMe(me);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(undefined);
      rememberMe(null);
      return null;
    }
    if (error instanceof ApiError && error.code === 'network') {
      const saved = rememberedMe();
      if (saved) return saved;
    }
    throw error;
  }
}

/** How often a user remembered offline tries to fetch the real session once the browser says it is online. */
const OFFLINE_SESSION_RETRY_MS = 5_000;

/**
 * Call once, at the sign-in gate. The query library only refetches on reconnect when it saw the network
 * go away; an app opened already offline never did. So the session is fetched again when the browser
 * comes online (and every few seconds while it still has no CSRF token), so the offline queue can be sent.
 */
export function useOfflineSessionRecovery(): void {
  const client = useQueryClient();
  useEffect(() => {
    const refresh = () => {
      const me = client.getQueryData<Me | null>(ME_KEY);
      if (me && me.csrfToken === '' && navigator.onLine) void client.invalidateQueries({ queryKey: ME_KEY });
    };
    window.addEventListener('online', refresh);
    const timer = setInterval(refresh, OFFLINE_SESSION_RETRY_MS);
    return () => {
      window.removeEventListener('online', refresh);
      clearInterval(timer);
    };
  }, [client]);
}

export function useMeQuery() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: fetchMe,
    // A user remembered offline has no CSRF token: stale at once, so it is fetched when the network returns.
    staleTime: (query) => (query.state.data?.csrfToken === '' ? 0 : 5 * 60_000),
    retry: 1,
    networkMode: 'offlineFirst',
  });
}

/** The signed-in user; only used below the gate that guarantees one. */
export function useMe(): Me {
  const { data } = useMeQuery();
  if (!data) throw new Error('useMe outside a signed-in view');
  return data;
}

export function useCan(permission: Permission): boolean {
  const { data } = useMeQuery();
  return data?.permissions.includes(permission) ?? false;
}

export function useSignedIn(): (me: Me | null) => void {
  const client = useQueryClient();
  return (me) => {
    setCsrfToken(me?.csrfToken);
    rememberMe(me);
    if (!me) client.clear();
    client.setQueryData(ME_KEY, me);
  };
}

export interface LangState {
  lang: Lang;
  setLang(lang: Lang): void;
}

export const LangContext = createContext<LangState>({ lang: 'zh-CN', setLang: () => undefined });

export function useLang(): LangState {
  return useContext(LangContext);
}
