import { createContext, useContext } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Permission } from '../shared/access.ts';
import { ApiError, api, setCsrfToken, type Me } from './api.ts';
import type { Lang } from './i18n.ts';

export const ME_KEY = ['me'] as const;

export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.me();
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}

export function useMeQuery() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
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
