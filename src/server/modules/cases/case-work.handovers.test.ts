import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { App } from '../../app.ts';
import { auditLog } from '../../core/db/core.tables.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createUser, type Session } from '../../testing/factories.ts';
import {
  createCaseWorkApp,
  createCaseWorkPeople,
  ownedCase,
  type CaseWorkPeople,
} from '../../testing/case-work.factories.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import { caseEvents, caseHandovers, cases } from './cases.tables.ts';

describeEachDatabase('case handovers', (database) => {
  let app: App;
  let filesDir: string;
  let p: CaseWorkPeople;
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, filesDir } = await createCaseWorkApp(database()));
    p = await createCaseWorkPeople(app, db());
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  const post = (url: string, s: Session | undefined, payload: object) =>
    app.inject({ method: 'POST', url, headers: s?.headers ?? {}, payload });
  const handOver = (caseId: string, s: Session | undefined, payload: object) =>
    post(`/api/cases/${caseId}/handovers`, s, payload);
  const ownerOf = async (caseId: string) =>
    (await db().select({ owner: cases.ownerUserId }).from(cases).where(eq(cases.id, caseId)))[0]?.owner;
  const eventKinds = async (caseId: string) =>
    (await db().select({ kind: caseEvents.kind }).from(caseEvents).where(eq(caseEvents.caseId, caseId))).map(
      (e) => e.kind,
    );
  const inbox = async (userId: string, caseId: string) =>
    (
      await db()
        .select({ kind: notifications.kind })
        .from(notifications)
        .where(and(eq(notifications.userId, userId), eq(notifications.caseId, caseId)))
    ).map((n) => n.kind);

  describe('requesting', () => {
    it('401 without a session, 403 for an enterprise user, 404 for a case out of sight', async () => {
      const c = await ownedCase(db(), p);
      const body = { toUserId: p.colleague.user.id, reason: '属市场监管职责' };
      expect((await handOver(c.id, undefined, body)).statusCode).toBe(401);
      expect((await handOver(c.id, p.enterprise, body)).statusCode).toBe(403);
      expect((await handOver(c.id, p.outsider, body)).statusCode).toBe(404);
      expect((await handOver(crypto.randomUUID(), p.owner, body)).statusCode).toBe(404);
      // a handler who sees the case but does not own it may not hand it over
      expect((await handOver(c.id, p.bystander, body)).statusCode).toBe(403);
    });

    it('400 naming reason and toUserId', async () => {
      const c = await ownedCase(db(), p);
      const noReason = await handOver(c.id, p.owner, { toUserId: p.colleague.user.id });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.details.map((d: { field: string }) => d.field)).toContain('reason');
      const blank = await handOver(c.id, p.owner, { toUserId: p.colleague.user.id, reason: '   ' });
      expect(blank.statusCode).toBe(400);
      expect(blank.json().error.details[0].field).toBe('reason');

      const inactive = await createUser(db(), {
        role: 'liaison',
        scopePath: p.tree.towns[0].path,
        active: false,
      });
      for (const toUserId of [
        p.enterprise.user.id, // cannot handle cases
        p.volunteer.user.id,
        inactive.id,
        crypto.randomUUID(), // no such user
        p.owner.user.id, // already the owner
      ]) {
        const response = await handOver(c.id, p.owner, { toUserId, reason: '移交' });
        expect(response.statusCode, toUserId).toBe(400);
        expect(response.json().error.details[0].field).toBe('toUserId');
      }
      expect(await db().select().from(caseHandovers).where(eq(caseHandovers.caseId, c.id))).toHaveLength(0);
    });

    it('the owner asks, a second request is 409, only the target decides', async () => {
      const c = await ownedCase(db(), p);
      const created = await handOver(c.id, p.owner, {
        toUserId: p.colleague.user.id,
        reason: '属市场监管职责',
      });
      expect(created.statusCode).toBe(201);
      const handover = created.json();
      expect(handover).toMatchObject({
        status: 'pending',
        from: { id: p.owner.user.id },
        to: { id: p.colleague.user.id },
        reason: '属市场监管职责',
        can: { accept: false, decline: false },
      });
      expect(await ownerOf(c.id)).toBe(p.owner.user.id);
      expect(await inbox(p.colleague.user.id, c.id)).toContain('handover_requested');

      const second = await handOver(c.id, p.owner, { toUserId: p.bystander.user.id, reason: '再试' });
      expect(second.statusCode).toBe(409);

      const accept = `/api/cases/${c.id}/handovers/${handover.id}/accept`;
      expect((await post(accept, undefined, {})).statusCode).toBe(401);
      expect((await post(accept, p.enterprise, {})).statusCode).toBe(403); // no cases:handle
      expect((await post(accept, p.bystander, {})).statusCode).toBe(403); // sees the case, not the target
      expect((await post(accept, p.outsider, {})).statusCode).toBe(404); // does not see it
      expect((await post(accept, p.owner, {})).statusCode).toBe(403);
      expect(
        (await post(`/api/cases/${c.id}/handovers/${crypto.randomUUID()}/accept`, p.colleague, {}))
          .statusCode,
      ).toBe(404);

      const accepted = await post(accept, p.colleague, {});
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json()).toMatchObject({ status: 'accepted' });
      expect(await ownerOf(c.id)).toBe(p.colleague.user.id);
      const [row] = await db().select().from(cases).where(eq(cases.id, c.id));
      expect(row?.handlingDepartmentCode).toBe('market_regulation');
      expect(row?.version).toBe(c.version + 1);
      expect(await eventKinds(c.id)).toEqual(['handover_requested', 'handover_accepted']);
      expect(await inbox(p.owner.user.id, c.id)).toContain('handover_accepted');
      const audits = await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, c.id), eq(auditLog.action, 'case_handover.accept')));
      expect(audits).toHaveLength(1);

      // decided: a second accept is a conflict, and the former owner can no longer hand it over
      expect((await post(accept, p.colleague, {})).statusCode).toBe(409);
      expect((await handOver(c.id, p.owner, { toUserId: p.bystander.user.id, reason: 'x' })).statusCode).toBe(
        403,
      );
    });

    it('the target declines with a reason (400 without), and the owner keeps the case', async () => {
      const c = await ownedCase(db(), p);
      const handover = (
        await handOver(c.id, p.owner, { toUserId: p.colleague.user.id, reason: '请协助' })
      ).json();
      const decline = `/api/cases/${c.id}/handovers/${handover.id}/decline`;
      const noReason = await post(decline, p.colleague, {});
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.details[0].field).toBe('reason');
      expect((await post(decline, p.bystander, { reason: '不归我' })).statusCode).toBe(403);

      const declined = await post(decline, p.colleague, { reason: '不属本部门职责' });
      expect(declined.statusCode).toBe(200);
      expect(declined.json().status).toBe('declined');
      expect(await ownerOf(c.id)).toBe(p.owner.user.id);
      const events = await db().select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
      expect(events.map((e) => [e.kind, e.body])).toContainEqual(['handover_declined', '不属本部门职责']);
      expect(await inbox(p.owner.user.id, c.id)).toContain('handover_declined');
      // a new request is possible again
      expect(
        (await handOver(c.id, p.owner, { toUserId: p.bystander.user.id, reason: '再请' })).statusCode,
      ).toBe(201);
    });

    it('two requests at the same moment: one is pending, the other 409', async () => {
      const c = await ownedCase(db(), p);
      const responses = await Promise.all([
        handOver(c.id, p.owner, { toUserId: p.colleague.user.id, reason: 'a' }),
        handOver(c.id, p.owner, { toUserId: p.bystander.user.id, reason: 'b' }),
        handOver(c.id, p.owner, { toUserId: p.supervisor.user.id, reason: 'c' }),
      ]);
      expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
      const rows = await db().select().from(caseHandovers).where(eq(caseHandovers.caseId, c.id));
      expect(rows.filter((r) => r.status === 'pending')).toHaveLength(1);
    });

    it('a closed case is not handed over', async () => {
      const c = await ownedCase(db(), p, { status: 'closed' });
      const response = await handOver(c.id, p.owner, { toUserId: p.colleague.user.id, reason: 'x' });
      expect(response.statusCode).toBe(409);
    });
  });

  describe('ordering', () => {
    it('a supervisor of the area moves the case at once and tells both; others may not order', async () => {
      const c = await ownedCase(db(), p);
      const body = { toUserId: p.colleague.user.id, reason: '指定市场监管牵头', order: true };
      expect((await handOver(c.id, p.owner, body)).statusCode).toBe(403); // the owner is no supervisor
      expect((await handOver(c.id, p.supervisorB, body)).statusCode).toBe(404); // another town's
      const noReason = await handOver(c.id, p.supervisor, { toUserId: p.colleague.user.id, order: true });
      expect(noReason.statusCode).toBe(400);

      const ordered = await handOver(c.id, p.supervisor, body);
      expect(ordered.statusCode).toBe(201);
      expect(ordered.json()).toMatchObject({
        status: 'ordered',
        orderedBy: { id: p.supervisor.user.id },
        from: { id: p.owner.user.id },
        to: { id: p.colleague.user.id },
      });
      expect(await ownerOf(c.id)).toBe(p.colleague.user.id);
      expect(await eventKinds(c.id)).toEqual(['handover_ordered']);
      expect(await inbox(p.owner.user.id, c.id)).toContain('handover_ordered');
      expect(await inbox(p.colleague.user.id, c.id)).toContain('handover_ordered');
    });

    it('an order voids the pending request, whose target then gets 409', async () => {
      const c = await ownedCase(db(), p);
      const pending = (await handOver(c.id, p.owner, { toUserId: p.colleague.user.id, reason: 'a' })).json();
      const ordered = await handOver(c.id, p.supervisor, {
        toUserId: p.bystander.user.id,
        reason: '改派',
        order: true,
      });
      expect(ordered.statusCode).toBe(201);
      const late = await post(`/api/cases/${c.id}/handovers/${pending.id}/accept`, p.colleague, {});
      expect(late.statusCode).toBe(409);
      expect(await ownerOf(c.id)).toBe(p.bystander.user.id);
      const [voided] = await db().select().from(caseHandovers).where(eq(caseHandovers.id, pending.id));
      expect(voided?.status).toBe('cancelled');
    });

    it('accepting after the owner changed some other way is 409 and voids the request', async () => {
      const c = await ownedCase(db(), p);
      const pending = (await handOver(c.id, p.owner, { toUserId: p.colleague.user.id, reason: 'a' })).json();
      // the owner changes behind the handover's back (e.g. a reassignment by cases-core)
      await db().update(cases).set({ ownerUserId: p.bystander.user.id }).where(eq(cases.id, c.id));
      const stale = await post(`/api/cases/${c.id}/handovers/${pending.id}/accept`, p.colleague, {});
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details[0].field).toBe('handover');
      expect(await ownerOf(c.id)).toBe(p.bystander.user.id);
      const [voided] = await db().select().from(caseHandovers).where(eq(caseHandovers.id, pending.id));
      expect(voided?.status).toBe('cancelled');
      // the void request no longer blocks the new owner
      const next = await handOver(c.id, p.bystander, { toUserId: p.colleague.user.id, reason: 'b' });
      expect(next.statusCode).toBe(201);
    });
  });
});
