import { describe, expect, it } from 'vitest';
import type { Actor } from '../../core/access/policy.ts';
import type { Role } from '../../../shared/access.ts';
import {
  allowedActionList,
  allowedCaseActions,
  canSeeCase,
  NO_CASE_CONTEXT,
  type CasePolicyRow,
} from './cases.policy.ts';

const actor = (role: Role, extra: Partial<Actor> = {}): Actor => ({
  id: `u-${role}`,
  username: role,
  displayName: role,
  role,
  scopePath: '330.01',
  department: null,
  orgId: null,
  ...extra,
});

const row = (extra: Partial<CasePolicyRow> = {}): CasePolicyRow => ({
  status: 'submitted',
  areaPath: '330.01.002',
  ownerUserId: null,
  handlingDepartmentCode: 'tax',
  requesterUserId: null,
  requesterOrgId: 'org-1',
  subjectOrgId: 'org-1',
  rating: null,
  ...extra,
});

describe('canSeeCase', () => {
  it('shows a case in the area scope to staff with cases:read', () => {
    expect(canSeeCase(actor('town_staff'), row(), NO_CASE_CONTEXT)).toBe(true);
  });

  it('hides a case outside the scope from staff with no other tie to it', () => {
    const outside = row({ areaPath: '330.02.001' });
    expect(canSeeCase(actor('town_staff'), outside, NO_CASE_CONTEXT)).toBe(false);
  });

  it('shows a case outside the scope to its owner, its department, a task department and a handover target', () => {
    const outside = row({ areaPath: '330.02.001', handlingDepartmentCode: 'tax' });
    expect(
      canSeeCase(actor('liaison', { id: 'me' }), { ...outside, ownerUserId: 'me' }, NO_CASE_CONTEXT),
    ).toBe(true);
    expect(canSeeCase(actor('department_staff', { department: 'tax' }), outside, NO_CASE_CONTEXT)).toBe(true);
    const health = actor('department_staff', { department: 'health' });
    expect(canSeeCase(health, outside, NO_CASE_CONTEXT)).toBe(false);
    expect(
      canSeeCase(health, outside, { openTaskDepartments: ['health'], pendingHandoverToUserId: null }),
    ).toBe(true);
    const target = actor('liaison', { id: 'next' });
    expect(canSeeCase(target, outside, { openTaskDepartments: [], pendingHandoverToUserId: 'next' })).toBe(
      true,
    );
  });

  it('shows an enterprise user its own organisation’s cases only', () => {
    const mine = actor('enterprise_user', { orgId: 'org-1', scopePath: null });
    expect(canSeeCase(mine, row(), NO_CASE_CONTEXT)).toBe(true);
    expect(canSeeCase(mine, row({ requesterOrgId: null, subjectOrgId: 'org-1' }), NO_CASE_CONTEXT)).toBe(
      true,
    );
    const other = actor('enterprise_user', { orgId: 'org-2', scopePath: null });
    expect(canSeeCase(other, row(), NO_CASE_CONTEXT)).toBe(false);
  });

  it('shows nothing to a role without case permissions, even in scope', () => {
    expect(canSeeCase(actor('volunteer'), row(), NO_CASE_CONTEXT)).toBe(false);
  });

  it('shows everything to an administrator (scope everywhere)', () => {
    expect(canSeeCase(actor('admin', { scopePath: null }), row({ areaPath: '999' }), NO_CASE_CONTEXT)).toBe(
      true,
    );
  });
});

describe('allowedCaseActions', () => {
  it('lets a handler accept a submitted unowned case, and nothing else of the lifecycle', () => {
    const flags = allowedCaseActions(
      actor('department_staff', { department: 'tax' }),
      row(),
      NO_CASE_CONTEXT,
    );
    expect(flags.accept).toBe(true);
    expect(flags.resolve).toBe(false);
    expect(flags.reject).toBe(false);
    expect(flags.commentInternal).toBe(true);
  });

  it('does not offer accept on an owned or accepted case', () => {
    const me = actor('liaison', { id: 'me' });
    expect(
      allowedCaseActions(me, row({ status: 'accepted', ownerUserId: 'x' }), NO_CASE_CONTEXT).accept,
    ).toBe(false);
  });

  it('gives the owner start, resolve, reject, merge, withdraw, handover and tasks on an accepted case', () => {
    const me = actor('liaison', { id: 'me' });
    const flags = allowedCaseActions(me, row({ status: 'accepted', ownerUserId: 'me' }), NO_CASE_CONTEXT);
    expect(allowedActionList(me, row({ status: 'accepted', ownerUserId: 'me' }), NO_CASE_CONTEXT)).toEqual([
      'start',
      'resolve',
      'reject',
      'withdraw',
      'merge',
    ]);
    expect(flags.handover).toBe(true);
    expect(flags.openTask).toBe(true);
    expect(flags.confirm).toBe(false);
  });

  it('gives another handler in scope no lifecycle action on an owned case', () => {
    const other = actor('community_worker');
    expect(
      allowedActionList(other, row({ status: 'in_progress', ownerUserId: 'me' }), NO_CASE_CONTEXT),
    ).toEqual([]);
  });

  it('lets a supervisor in scope resolve, reject and order a handover, but not outside scope', () => {
    const sup = actor('supervisor');
    const flags = allowedCaseActions(sup, row({ status: 'accepted', ownerUserId: 'me' }), NO_CASE_CONTEXT);
    expect(flags.resolve && flags.reject && flags.orderHandover).toBe(true);
    const far = row({
      status: 'accepted',
      ownerUserId: 'me',
      areaPath: '330.09',
      handlingDepartmentCode: null,
    });
    expect(allowedCaseActions(sup, far, NO_CASE_CONTEXT).resolve).toBe(false);
  });

  it('lets the requesting enterprise confirm, rate and reopen a resolved case, and withdraw an open one', () => {
    const ent = actor('enterprise_user', { orgId: 'org-1', scopePath: null });
    const resolved = allowedCaseActions(ent, row({ status: 'resolved', ownerUserId: 'me' }), NO_CASE_CONTEXT);
    expect(resolved).toMatchObject({
      confirm: true,
      rate: true,
      reopen: true,
      close: false,
      withdraw: false,
    });
    expect(resolved.commentInternal).toBe(false);
    expect(resolved.comment).toBe(true);
    const open = allowedCaseActions(ent, row({ status: 'in_progress', ownerUserId: 'me' }), NO_CASE_CONTEXT);
    expect(open).toMatchObject({ withdraw: true, resolve: false, accept: false });
  });

  it('does not offer rating twice', () => {
    const ent = actor('enterprise_user', { orgId: 'org-1', scopePath: null });
    expect(allowedCaseActions(ent, row({ status: 'closed', rating: 4 }), NO_CASE_CONTEXT).rate).toBe(false);
  });

  it('offers nothing on a case the actor cannot see', () => {
    const ent = actor('enterprise_user', { orgId: 'org-2', scopePath: null });
    const flags = allowedCaseActions(ent, row({ status: 'resolved' }), NO_CASE_CONTEXT);
    expect(Object.values(flags).some(Boolean)).toBe(false);
  });

  it('offers nothing but comments on a rejected case', () => {
    const me = actor('liaison', { id: 'me' });
    expect(allowedActionList(me, row({ status: 'rejected', ownerUserId: 'me' }), NO_CASE_CONTEXT)).toEqual(
      [],
    );
  });

  it('hides handover while one is pending', () => {
    const me = actor('liaison', { id: 'me' });
    const flags = allowedCaseActions(me, row({ status: 'accepted', ownerUserId: 'me' }), {
      openTaskDepartments: [],
      pendingHandoverToUserId: 'next',
    });
    expect(flags.handover).toBe(false);
  });
});
