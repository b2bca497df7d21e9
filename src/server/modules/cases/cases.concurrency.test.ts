import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createAreaTree, createTestApp, type Session, type TestTree } from '../../testing/factories.ts';
import { createEnterprise } from '../../testing/staff.factories.ts';
import { insertCase, seedCaseFixtures, signInWith } from '../../testing/cases.factories.ts';
import { claimCase } from './cases.repo.ts';
import { caseEvents, cases } from './cases.tables.ts';

// On PostgreSQL the two requests run on two pooled connections at the same time; on PGlite they
// are serialised. Either way exactly one person may end up owning the case.
describeEachDatabase('cases: two people accept at once', (database) => {
  let app: App;
  let tree: TestTree;
  let first: Session & { user: { id: string } };
  let second: Session & { user: { id: string } };
  let requester: Session;
  let org: { id: string; areaPath: string };

  beforeAll(async () => {
    const db = database().db;
    app = await createTestApp(database());
    tree = await createAreaTree(db);
    await seedCaseFixtures(db, tree.city);
    org = await createEnterprise(db, tree.grids[0]);
    first = await signInWith(app, db, { role: 'liaison', scopePath: tree.towns[0].path });
    second = await signInWith(app, db, { role: 'community_worker', scopePath: tree.communities[0].path });
    requester = await signInWith(app, db, { role: 'enterprise_user', scopePath: null, orgId: org.id });
  });

  it('through the API: one 200, one 409 case_taken, one owner and one accepted event', async () => {
    for (let round = 0; round < 5; round++) {
      const created = await app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: requester.headers,
        payload: { typeCode: 'enterprise_problem', title: `并发受理 ${round}`, description: '', fields: {} },
      });
      expect(created.statusCode).toBe(201);
      const c = created.json() as { id: string; version: number; status: string };
      expect(c.status).toBe('submitted');
      const accept = (s: Session) =>
        app.inject({
          method: 'POST',
          url: `/api/cases/${c.id}/actions/accept`,
          headers: s.headers,
          payload: { version: c.version },
        });
      const results = await Promise.all([accept(first), accept(second)]);
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes).toEqual([200, 409]);
      const loser = results.find((r) => r.statusCode === 409);
      expect(loser?.json().error.code).toBe('case_taken');
      const winner = results.find((r) => r.statusCode === 200)?.json() as { owner: { id: string } };
      const [row] = await database().db.select().from(cases).where(eq(cases.id, c.id));
      expect(row?.ownerUserId).toBe(winner.owner.id);
      const events = await database().db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
      expect(events.filter((e) => e.kind === 'accepted')).toHaveLength(1);
    }
  });

  it('the first-ask update itself: two transactions claiming the same case, exactly one wins', async () => {
    const db = database().db;
    const c = await insertCase(db, tree.grids[0], { subjectOrgId: org.id });
    const claim = (userId: string) => db.transaction((tx) => claimCase(tx, c.id, userId, new Date()));
    const results = await Promise.all([claim(first.user.id), claim(second.user.id)]);
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    const [row] = await db.select().from(cases).where(eq(cases.id, c.id));
    expect([first.user.id, second.user.id]).toContain(row?.ownerUserId);
    expect(row).toMatchObject({ status: 'accepted', version: 2 });
  });
});
