import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../shared/access.ts';
import { AppError } from '../errors.ts';
import {
  assertInScope,
  can,
  inScope,
  isRole,
  pathWithin,
  permissionsOf,
  rolesAllowed,
  type Actor,
} from './policy.ts';

const actor = (role: Role, scopePath: string | null = '330482.001'): Actor => ({
  id: '00000000-0000-4000-8000-000000000001',
  username: 'u',
  displayName: 'U',
  role,
  scopePath,
  department: null,
  orgId: null,
});

describe('pathWithin', () => {
  it('includes the scope itself and its descendants', () => {
    expect(pathWithin('330482.12', '330482.12')).toBe(true);
    expect(pathWithin('330482.12.001', '330482.12')).toBe(true);
  });

  it('excludes a sibling whose code merely starts with the scope', () => {
    expect(pathWithin('330482.1', '330482.12')).toBe(false);
    expect(pathWithin('330482.12', '330482.1')).toBe(false);
    expect(pathWithin('330482.123', '330482.12')).toBe(false);
  });

  it('excludes ancestors', () => {
    expect(pathWithin('330482', '330482.12')).toBe(false);
  });

  it('treats a null scope as everywhere', () => {
    expect(pathWithin('999', null)).toBe(true);
  });
});

describe('can', () => {
  it('gives audit:read to administrators only', () => {
    expect(can(actor('admin', null), 'audit:read')).toBe(true);
    expect(can(actor('command_office'), 'audit:read')).toBe(false);
    expect(can(actor('town_staff'), 'audit:read')).toBe(false);
  });

  it('lets town staff manage areas but not community workers', () => {
    expect(can(actor('town_staff'), 'areas:manage')).toBe(true);
    expect(can(actor('community_worker'), 'areas:manage')).toBe(false);
    expect(can(actor('community_worker'), 'areas:read')).toBe(true);
  });

  it('gives enterprise users only the filing of their own cases and their own daily records', () => {
    expect(permissionsOf('enterprise_user')).toEqual(['cases:submit', 'records:read', 'records:submit']);
    expect(can(actor('enterprise_user'), 'areas:read')).toBe(false);
    expect(can(actor('enterprise_user'), 'cases:read')).toBe(false);
  });
});

describe('rolesAllowed', () => {
  it('answers everyone for public and every role for authenticated', () => {
    expect(rolesAllowed('public')).toBe('everyone');
    expect(rolesAllowed('authenticated')).toEqual([...ROLES]);
  });

  it('lists the roles holding a permission', () => {
    expect(rolesAllowed('audit:read')).toEqual(['admin']);
    expect(rolesAllowed('areas:manage')).toEqual(['admin', 'town_staff']);
    expect(rolesAllowed('areas:read')).not.toContain('enterprise_user');
  });
});

describe('scope checks', () => {
  it('knows the roles', () => {
    expect(isRole('admin')).toBe(true);
    expect(isRole('root')).toBe(false);
  });

  it('answers not_found for a row outside the actor’s scope or without a path', () => {
    const worker = actor('community_worker', '330482.001.002');
    expect(inScope(worker, '330482.001.002.0001')).toBe(true);
    expect(() => assertInScope(worker, '330482.001.0021')).toThrow(AppError);
    expect(() => assertInScope(worker, null)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => assertInScope(worker, '330482.001.002')).not.toThrow();
  });
});
