import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/client.ts';
import { openPglite, openPostgres } from '../../core/db/client.ts';
import { runMigrations } from '../../core/db/migrations.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createAreaTree, createUser, type TestTree } from '../../testing/factories.ts';
import { addTeamMember, createStaff, createTeam } from '../../testing/staff.factories.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import { caseEvents, caseTasks, cases } from '../cases/cases.tables.ts';
import {
  recordFirstResponse,
  recordUpdate,
  restartResolutionClock,
  seedCalendar,
  startCaseClocks,
  startTaskClock,
  stopCaseClocks,
  stopTaskClock,
  sweepDeadlines,
} from './sla.service.ts';
import {
  TEST_SLA,
  cancelAllPendingDeadlines,
  createSlaCase,
  createSlaCaseType,
  deadlinesOf,
} from './sla.factories.ts';

const sh = (local: string): Date => new Date(`${local}:00+08:00`);

async function inbox(db: Db, userId: string, caseId: string) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.caseId, caseId)));
}

async function eventsOf(db: Db, caseId: string, kind: string) {
  return db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, kind)));
}

async function caseRow(db: Db, id: string) {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  if (!row) throw new Error('case missing');
  return row;
}

describeEachDatabase('SLA clocks and the deadline sweeper', (database) => {
  let db: Db;
  let tree: TestTree;
  let type: { id: string; code: string };
  // Monday 2 March 2026, 09:00 in Shanghai.
  const start = sh('2026-03-02T09:00');

  beforeAll(async () => {
    db = database().db;
    tree = await createAreaTree(db);
    await seedCalendar(db);
    type = await createSlaCaseType(db);
  });
  beforeEach(async () => {
    await cancelAllPendingDeadlines(db);
  });

  describe('clock functions', () => {
    it('startCaseClocks writes a warning and a breach per clock and the due columns', async () => {
      const c = await createSlaCase(db, type, tree.grids[0].path);
      const due = await startCaseClocks(db, { caseId: c.id, sla: TEST_SLA, startAt: start });
      expect(due.dueFirstResponseAt.toISOString()).toBe(sh('2026-03-02T14:30').toISOString());
      expect(due.dueResolutionAt.toISOString()).toBe(sh('2026-03-04T09:00').toISOString());
      const rows = await deadlinesOf(db, c.id);
      expect(rows.map((r) => [r.clock, r.kind, r.dueAt.toISOString()])).toEqual([
        ['first_response', 'warning', sh('2026-03-02T13:42').toISOString()],
        ['first_response', 'breach', sh('2026-03-02T14:30').toISOString()],
        ['resolution', 'warning', sh('2026-03-03T15:00').toISOString()],
        ['resolution', 'breach', sh('2026-03-04T09:00').toISOString()],
      ]);
      const row = await caseRow(db, c.id);
      expect(row.dueFirstResponseAt?.toISOString()).toBe(due.dueFirstResponseAt.toISOString());
      expect(row.dueResolutionAt?.toISOString()).toBe(due.dueResolutionAt.toISOString());
    });

    it('uses the seeded holidays: a case filed on the eve of Spring Festival 2026 is due after it', async () => {
      const c = await createSlaCase(db, type, tree.grids[0].path);
      // Friday 13 February 17:00 → half an hour, Saturday 14 February (调休) works, then 15–23 off.
      const due = await startCaseClocks(db, { caseId: c.id, sla: TEST_SLA, startAt: sh('2026-02-13T17:00') });
      expect(due.dueFirstResponseAt.toISOString()).toBe(sh('2026-02-14T12:00').toISOString());
      // 15 h: 0.5 Friday + 7.5 Saturday + 7 on Tuesday 24 February (3.5 before lunch, 3.5 after).
      expect(due.dueResolutionAt.toISOString()).toBe(sh('2026-02-24T17:00').toISOString());
    });

    it('recordFirstResponse stops the first-response clock, keeps the first answer and starts the update clock', async () => {
      const c = await createSlaCase(db, type, tree.grids[0].path);
      await startCaseClocks(db, { caseId: c.id, sla: TEST_SLA, startAt: start });
      await recordFirstResponse(db, c.id, sh('2026-03-02T10:00'));
      await recordFirstResponse(db, c.id, sh('2026-03-02T11:00'));
      const row = await caseRow(db, c.id);
      expect(row.firstResponseAt?.toISOString()).toBe(sh('2026-03-02T10:00').toISOString());
      expect(row.lastUpdateAt?.toISOString()).toBe(sh('2026-03-02T11:00').toISOString());
      const rows = await deadlinesOf(db, c.id);
      expect(rows.filter((r) => r.clock === 'first_response').every((r) => r.cancelledAt !== null)).toBe(
        true,
      );
      const pendingUpdate = rows.filter((r) => r.clock === 'update' && r.cancelledAt === null);
      // The second call restarted the update clock: 7.5 office hours after Monday 11:00.
      expect(pendingUpdate.map((r) => [r.kind, r.dueAt.toISOString()])).toEqual([
        ['warning', sh('2026-03-03T09:30').toISOString()],
        ['breach', sh('2026-03-03T11:00').toISOString()],
      ]);
      expect(rows.filter((r) => r.clock === 'resolution' && r.cancelledAt === null)).toHaveLength(2);
    });

    it('recordUpdate restarts the update clock and moves last_update_at', async () => {
      const c = await createSlaCase(db, type, tree.grids[0].path);
      await startCaseClocks(db, { caseId: c.id, sla: TEST_SLA, startAt: start });
      await recordFirstResponse(db, c.id, sh('2026-03-02T10:00'));
      await recordUpdate(db, c.id, sh('2026-03-03T10:00'));
      const rows = await deadlinesOf(db, c.id);
      const pendingUpdate = rows.filter((r) => r.clock === 'update' && r.cancelledAt === null);
      // Warning after 6 office hours: it lands on Tuesday's closing time, not Wednesday's opening.
      expect(pendingUpdate.map((r) => r.dueAt.toISOString())).toEqual([
        sh('2026-03-03T17:30').toISOString(),
        sh('2026-03-04T10:00').toISOString(),
      ]);
      expect((await caseRow(db, c.id)).lastUpdateAt?.toISOString()).toBe(
        sh('2026-03-03T10:00').toISOString(),
      );
    });

    it('stopCaseClocks cancels every pending row; restartResolutionClock starts a new resolution clock', async () => {
      const c = await createSlaCase(db, type, tree.grids[0].path);
      await startCaseClocks(db, { caseId: c.id, sla: TEST_SLA, startAt: start });
      await stopCaseClocks(db, c.id, sh('2026-03-02T12:00'));
      expect((await deadlinesOf(db, c.id)).every((r) => r.cancelledAt !== null)).toBe(true);
      const { dueResolutionAt } = await restartResolutionClock(db, c.id, TEST_SLA, sh('2026-03-09T09:00'));
      expect(dueResolutionAt.toISOString()).toBe(sh('2026-03-11T09:00').toISOString());
      const pending = (await deadlinesOf(db, c.id)).filter((r) => r.cancelledAt === null);
      expect(pending.map((r) => [r.clock, r.kind])).toEqual([
        ['resolution', 'warning'],
        ['resolution', 'breach'],
      ]);
      expect((await caseRow(db, c.id)).dueResolutionAt?.toISOString()).toBe(dueResolutionAt.toISOString());
    });

    it('task clocks start and stop with the task', async () => {
      const c = await createSlaCase(db, type, tree.grids[0].path);
      const [task] = await db
        .insert(caseTasks)
        .values({ caseId: c.id, assigneeKind: 'department', departmentCode: 'tax', title: '核查' })
        .returning();
      if (!task) throw new Error('task not inserted');
      await startTaskClock(db, {
        caseId: c.id,
        taskId: task.id,
        warnAt: sh('2026-03-03T09:00'),
        dueAt: sh('2026-03-04T09:00'),
      });
      let rows = await deadlinesOf(db, c.id);
      expect(rows.map((r) => [r.clock, r.kind, r.taskId])).toEqual([
        ['task', 'warning', task.id],
        ['task', 'breach', task.id],
      ]);
      await stopTaskClock(db, task.id, sh('2026-03-03T08:00'));
      rows = await deadlinesOf(db, c.id);
      expect(rows.every((r) => r.cancelledAt !== null)).toBe(true);
    });
  });

  describe('sweepDeadlines', () => {
    it('fires a due warning exactly once, however often it runs', async () => {
      const owner = await createUser(db, { role: 'liaison', scopePath: tree.towns[0].path });
      const c = await createSlaCase(db, type, tree.grids[0].path, { ownerUserId: owner.id });
      await startCaseClocks(db, { caseId: c.id, sla: TEST_SLA, startAt: start });
      // 13:50: the first-response warning (13:42) is due, the breach (14:30) is not.
      const now = sh('2026-03-02T13:50');
      expect(await sweepDeadlines(db, now)).toEqual({ fired: 1 });
      expect(await sweepDeadlines(db, now)).toEqual({ fired: 0 });
      const rows = await deadlinesOf(db, c.id);
      expect(rows.filter((r) => r.firedAt !== null).map((r) => [r.clock, r.kind])).toEqual([
        ['first_response', 'warning'],
      ]);
      const messages = await inbox(db, owner.id, c.id);
      expect(messages.map((m) => m.kind)).toEqual(['sla_warning']);
      const events = await eventsOf(db, c.id, 'sla_warning');
      expect(events).toHaveLength(1);
      expect(events[0]?.visibility).toBe('internal');
      expect((await caseRow(db, c.id)).escalationLevel).toBe(0);
    });

    it('never fires a cancelled row', async () => {
      const owner = await createUser(db, { role: 'liaison', scopePath: tree.towns[0].path });
      const c = await createSlaCase(db, type, tree.grids[0].path, { ownerUserId: owner.id });
      await startCaseClocks(db, { caseId: c.id, sla: TEST_SLA, startAt: start });
      await recordFirstResponse(db, c.id, sh('2026-03-02T10:00'));
      await stopCaseClocks(db, c.id, sh('2026-03-02T11:00'));
      expect(await sweepDeadlines(db, sh('2026-04-30T12:00'))).toEqual({ fired: 0 });
      expect((await deadlinesOf(db, c.id)).some((r) => r.firedAt !== null)).toBe(false);
      expect(await inbox(db, owner.id, c.id)).toHaveLength(0);
    });

    it('cancels instead of firing the clocks of a case that is no longer open', async () => {
      const owner = await createUser(db, { role: 'liaison', scopePath: tree.towns[0].path });
      const c = await createSlaCase(db, type, tree.grids[0].path, { ownerUserId: owner.id });
      await startCaseClocks(db, { caseId: c.id, sla: TEST_SLA, startAt: start });
      await db.update(cases).set({ status: 'resolved' }).where(eq(cases.id, c.id));
      expect(await sweepDeadlines(db, sh('2026-04-30T12:00'))).toEqual({ fired: 0 });
      const rows = await deadlinesOf(db, c.id);
      expect(rows.every((r) => r.firedAt === null && r.cancelledAt !== null)).toBe(true);
      expect((await caseRow(db, c.id)).escalationLevel).toBe(0);
    });

    it('warns the handling department over the case when nobody owns it', async () => {
      const inDept = await createUser(db, {
        role: 'department_staff',
        scopePath: tree.city.path,
        department: 'tax',
      });
      const elsewhere = await createUser(db, {
        role: 'department_staff',
        scopePath: tree.towns[1].path,
        department: 'tax',
      });
      const otherDept = await createUser(db, {
        role: 'department_staff',
        scopePath: tree.city.path,
        department: 'health',
      });
      const c = await createSlaCase(db, type, tree.grids[0].path, {
        status: 'submitted',
        handlingDepartmentCode: 'tax',
      });
      await startCaseClocks(db, { caseId: c.id, sla: TEST_SLA, startAt: start });
      await sweepDeadlines(db, sh('2026-03-02T13:50'));
      expect(await inbox(db, inDept.id, c.id)).toHaveLength(1);
      expect(await inbox(db, elsewhere.id, c.id)).toHaveLength(0);
      expect(await inbox(db, otherDept.id, c.id)).toHaveLength(0);
    });

    it('escalates a breach to the owner’s team leader, then to the command office, and stays there', async () => {
      const owner = await createUser(db, { role: 'liaison', scopePath: tree.towns[0].path });
      const leader = await createUser(db, { role: 'town_staff', scopePath: tree.towns[0].path });
      const supervisor = await createUser(db, { role: 'supervisor', scopePath: tree.towns[0].path });
      const office = await createUser(db, { role: 'command_office', scopePath: tree.city.path });
      const officeB = await createUser(db, { role: 'command_office', scopePath: tree.towns[1].path });
      const team = await createTeam(db, tree.towns[0]);
      await addTeamMember(
        db,
        team.id,
        (await createStaff(db, tree.towns[0], { userId: owner.id })).id,
        'member',
      );
      await addTeamMember(
        db,
        team.id,
        (await createStaff(db, tree.towns[0], { userId: leader.id })).id,
        'leader',
      );
      const c = await createSlaCase(db, type, tree.grids[0].path, { ownerUserId: owner.id });
      await startCaseClocks(db, { caseId: c.id, sla: TEST_SLA, startAt: start });

      // 14:40: first-response warning and breach are both due.
      await sweepDeadlines(db, sh('2026-03-02T14:40'));
      expect((await caseRow(db, c.id)).escalationLevel).toBe(1);
      expect((await inbox(db, leader.id, c.id)).map((m) => m.kind)).toEqual(['escalated']);
      expect(await inbox(db, supervisor.id, c.id)).toHaveLength(0);
      expect((await inbox(db, owner.id, c.id)).map((m) => m.kind).sort()).toEqual([
        'sla_breach',
        'sla_warning',
      ]);
      expect(await inbox(db, office.id, c.id)).toHaveLength(0);

      // Wednesday 09:10: the resolution breach → level 2, the command office over the case.
      await sweepDeadlines(db, sh('2026-03-04T09:10'));
      expect((await caseRow(db, c.id)).escalationLevel).toBe(2);
      expect((await inbox(db, office.id, c.id)).map((m) => m.kind)).toEqual(['escalated']);
      expect(await inbox(db, officeB.id, c.id)).toHaveLength(0);
      const escalations = await eventsOf(db, c.id, 'escalated');
      expect(escalations.map((e) => (e.data as { level: number }).level)).toEqual([1, 2]);

      // A further breach (a task) keeps level 2 and tells the command office again.
      const [task] = await db
        .insert(caseTasks)
        .values({ caseId: c.id, assigneeKind: 'department', departmentCode: 'tax', title: '核查' })
        .returning();
      if (!task) throw new Error('task not inserted');
      await startTaskClock(db, { caseId: c.id, taskId: task.id, dueAt: sh('2026-03-05T09:00') });
      await sweepDeadlines(db, sh('2026-03-05T09:10'));
      expect((await caseRow(db, c.id)).escalationLevel).toBe(2);
      expect(await inbox(db, office.id, c.id)).toHaveLength(2);
    });

    it('without an owner or a team leader, escalates to the supervisors whose scope holds the case', async () => {
      const supervisorA = await createUser(db, { role: 'supervisor', scopePath: tree.towns[0].path });
      const supervisorB = await createUser(db, { role: 'supervisor', scopePath: tree.towns[1].path });
      const inactive = await createUser(db, { role: 'supervisor', scopePath: tree.city.path, active: false });
      const c = await createSlaCase(db, type, tree.grids[0].path, { status: 'submitted' });
      await startCaseClocks(db, { caseId: c.id, sla: TEST_SLA, startAt: start });
      await sweepDeadlines(db, sh('2026-03-02T14:40'));
      expect((await inbox(db, supervisorA.id, c.id)).map((m) => m.kind)).toEqual(['escalated']);
      expect(await inbox(db, supervisorB.id, c.id)).toHaveLength(0);
      expect(await inbox(db, inactive.id, c.id)).toHaveLength(0);
    });

    it('an owner without a team escalates to the supervisors', async () => {
      const owner = await createUser(db, { role: 'liaison', scopePath: tree.towns[1].path });
      const supervisor = await createUser(db, { role: 'supervisor', scopePath: tree.communities[1].path });
      const c = await createSlaCase(db, type, tree.grids[1].path, { ownerUserId: owner.id });
      await startCaseClocks(db, { caseId: c.id, sla: TEST_SLA, startAt: start });
      await sweepDeadlines(db, sh('2026-03-02T14:40'));
      expect((await inbox(db, supervisor.id, c.id)).map((m) => m.kind)).toEqual(['escalated']);
    });
  });

  it('fires rows that fell due while the server was down, from a fresh process state', async () => {
    const owner = await createUser(db, { role: 'liaison', scopePath: tree.towns[0].path });
    const c = await createSlaCase(db, type, tree.grids[0].path, { ownerUserId: owner.id });
    await startCaseClocks(db, { caseId: c.id, sla: TEST_SLA, startAt: start });
    // A second handle on the same data stands in for the restarted process (PostgreSQL: a new pool).
    const url = database().url;
    if (url) {
      const restarted = await openPostgres(url, 2);
      try {
        expect(await sweepDeadlines(restarted.db, sh('2026-03-02T14:40'))).toEqual({ fired: 2 });
      } finally {
        await restarted.close();
      }
    } else {
      expect(await sweepDeadlines(db, sh('2026-03-02T14:40'))).toEqual({ fired: 2 });
    }
    expect((await inbox(db, owner.id, c.id)).map((m) => m.kind).sort()).toEqual([
      'sla_breach',
      'sla_warning',
    ]);
  });

  it('fires each row once when two sweeps run at the same time', async () => {
    const owner = await createUser(db, { role: 'liaison', scopePath: tree.towns[0].path });
    const made = [];
    for (let i = 0; i < 6; i += 1) {
      const c = await createSlaCase(db, type, tree.grids[0].path, { ownerUserId: owner.id });
      await startCaseClocks(db, { caseId: c.id, sla: TEST_SLA, startAt: start });
      made.push(c);
    }
    const url = database().url;
    const other = url ? await openPostgres(url, 3) : undefined;
    const now = sh('2026-03-02T13:50');
    try {
      const results = await Promise.all([
        sweepDeadlines(db, now, { batchSize: 2 }),
        sweepDeadlines(other?.db ?? db, now, { batchSize: 2 }),
      ]);
      // A row whose case the other sweep held is left for the next round.
      const again = await sweepDeadlines(db, now);
      expect(results[0].fired + results[1].fired + again.fired).toBe(6);
    } finally {
      await other?.close();
    }
    for (const c of made) {
      expect((await deadlinesOf(db, c.id)).filter((r) => r.firedAt !== null)).toHaveLength(1);
      expect(await eventsOf(db, c.id, 'sla_warning')).toHaveLength(1);
      expect(await inbox(db, owner.id, c.id)).toHaveLength(1);
    }
  });
});

describe('SLA rows survive a restart of the embedded database', () => {
  it('a warning due while PGlite was closed fires after it reopens', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridline-sla-'));
    try {
      let database = await openPglite(dir);
      await runMigrations(database);
      const tree = await createAreaTree(database.db);
      const type = await createSlaCaseType(database.db);
      const owner = await createUser(database.db, { role: 'liaison', scopePath: tree.towns[0].path });
      const c = await createSlaCase(database.db, type, tree.grids[0].path, { ownerUserId: owner.id });
      await startCaseClocks(database.db, { caseId: c.id, sla: TEST_SLA, startAt: sh('2026-03-02T09:00') });
      await database.close();

      database = await openPglite(dir);
      try {
        expect(await sweepDeadlines(database.db, sh('2026-03-02T13:50'))).toEqual({ fired: 1 });
        expect(await inbox(database.db, owner.id, c.id)).toHaveLength(1);
      } finally {
        await database.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
