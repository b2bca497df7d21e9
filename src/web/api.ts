import type { Permission, Role } from '../shared/access.ts';
import type { AreaLevel } from '../shared/areas.ts';
import { currentLang } from './i18n.ts';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scopePath: string | null;
  scopeName: string | null;
  department: string | null;
  permissions: Permission[];
  mustChangePassword: boolean;
  csrfToken: string;
}

export interface AreaCan {
  update: boolean;
  move: boolean;
  deactivate: boolean;
  reactivate: boolean;
  createChild: boolean;
}

export interface Area {
  id: string;
  code: string;
  name: string;
  level: AreaLevel;
  kind: string;
  parentId: string | null;
  path: string;
  depth: number;
  active: boolean;
  sortOrder: number;
  version: number;
  childCount: number;
  updatedAt: string;
  can: AreaCan;
}

export interface AreaSearchItem extends Area {
  ancestors: { id: string; name: string }[];
}

export interface AreaDetail {
  area: Area;
  ancestors: { id: string; name: string; level: AreaLevel }[];
  counts: { town: number; community: number; grid: number; place: number };
}

export interface AuditEntry {
  id: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  areaPath: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface Health {
  status: 'ok';
  database: { kind: 'pglite' | 'postgres'; schemaVersion: number; migration: string | null };
  uptimeSeconds: number;
  startedAt: string;
}

export interface FieldProblem {
  field: string;
  reason: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldProblem[];

  constructor(status: number, code: string, message: string, details: FieldProblem[]) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function parseError(status: number, body: unknown): ApiError {
  if (isRecord(body) && isRecord(body.error)) {
    const error = body.error;
    const details = Array.isArray(error.details)
      ? error.details
          .filter(isRecord)
          .map((d) => ({ field: String(d.field ?? ''), reason: String(d.reason ?? '') }))
      : [];
    return new ApiError(
      status,
      typeof error.code === 'string' ? error.code : 'error',
      typeof error.message === 'string' ? error.message : `HTTP ${status}`,
      details,
    );
  }
  return new ApiError(status, 'http_error', `HTTP ${status}`, []);
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: { query?: Query; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = { 'Accept-Language': currentLang(), Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network', '', []);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!response.ok) throw parseError(response.status, body);
  return body as T;
}

/**
 * Sends one file as the raw request body (the upload format of attachments and record photos: the
 * file's own Content-Type, its name and options in the query) and answers the JSON reply.
 */
export async function uploadFile<T>(url: string, file: File, csrfToken: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': file.type || 'application/octet-stream',
        'Accept-Language': currentLang(),
        Accept: 'application/json',
        'x-csrf-token': csrfToken,
      },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network', '', []);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error =
      typeof body === 'object' && body !== null && 'error' in body
        ? (body as { error: { code?: string; message?: string } }).error
        : {};
    throw new ApiError(
      response.status,
      error.code ?? 'http_error',
      error.message ?? `HTTP ${response.status}`,
      [],
    );
  }
  return body as T;
}

export const api = {
  me: () => request<Me>('GET', '/api/auth/me'),
  login: (username: string, password: string) =>
    request<Me>('POST', '/api/auth/login', { body: { username, password } }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/api/auth/password', { body: { currentPassword, newPassword } }),
  health: () => request<Health>('GET', '/api/health'),
  areas: (parentId?: string, includeInactive?: boolean) =>
    request<{ items: Area[] }>('GET', '/api/areas', { query: { parentId, includeInactive } }),
  searchAreas: (q: string, options: { level?: AreaLevel; limit?: number; cursor?: string } = {}) =>
    request<{ items: AreaSearchItem[]; nextCursor: string | null }>('GET', '/api/areas/search', {
      query: { q, ...options },
    }),
  area: (id: string) => request<AreaDetail>('GET', `/api/areas/${encodeURIComponent(id)}`),
  createArea: (body: {
    parentId: string;
    code: string;
    name: string;
    level: AreaLevel;
    kind: string;
    sortOrder?: number;
  }) => request<Area>('POST', '/api/areas', { body }),
  updateArea: (id: string, body: { version: number; name?: string; kind?: string; sortOrder?: number }) =>
    request<Area>('PATCH', `/api/areas/${encodeURIComponent(id)}`, { body }),
  moveArea: (id: string, version: number, newParentId: string) =>
    request<Area>('POST', `/api/areas/${encodeURIComponent(id)}/move`, { body: { version, newParentId } }),
  deactivateArea: (id: string, version: number) =>
    request<Area>('POST', `/api/areas/${encodeURIComponent(id)}/deactivate`, { body: { version } }),
  reactivateArea: (id: string, version: number) =>
    request<Area>('POST', `/api/areas/${encodeURIComponent(id)}/reactivate`, { body: { version } }),
  audit: (query: Query) =>
    request<{ items: AuditEntry[]; nextCursor: number | null }>('GET', '/api/audit', { query }),
};

/** The message to show for any thrown error, already localised by the server when it came from the API. */
export function errorText(error: unknown, t: (key: string) => string): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t('common.networkError');
    return error.message || t('common.unknownError');
  }
  return t('common.unknownError');
}
