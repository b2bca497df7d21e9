import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstStart } from '../../src/server/bootstrap.ts';
import type { Db } from '../../src/server/core/db/client.ts';
import { testPiiCipher } from '../../src/server/core/crypto/pii.ts';
import { createTestApp, signIn } from '../../src/server/testing/factories.ts';
import { describeEachDatabase } from '../../src/server/testing/test-database.ts';
import { AreaIndex } from './area-index.ts';
import {
  buildCaseDemo,
  caseStaffUsers,
  DEMO_CASE_IDS,
  GOWN_GUIDE_TITLE,
  GUMINGJIE_OPEN,
  OVERDUE_OPEN_PROBLEMS,
  SOLVED_PROBLEMS,
  ZHONGBU_NAME,
} from './cases.ts';
import { stableId } from './ids.ts';
import { buildAreaRows, DEMO_SEED } from './load.ts';
import { createRng, CreditCodeFactory } from './random.ts';
import { buildRegistries } from './registries.ts';

const demoPassword = 'y'.repeat(12);
const pii = testPiiCipher();
const load = (db: Db) => firstStart(db, { adminPassword: 'x'.repeat(12), loadDemo: true, demoPassword, pii });

async function rows<T>(db: Db, query: string): Promise<T[]> {
  const result = await db.execute(sql.raw(query));
  return (result as unknown as { rows: T[] }).rows;
}

async function count(db: Db, query: string): Promise<number> {
  const [row] = await rows<{ n: number | string }>(db, query);
  return Number(row?.n);
}

const SOLVED = `type_code = 'enterprise_problem' and status in ('resolved', 'closed')`;
const OPEN = `status in ('submitted', 'accepted', 'in_progress')`;
const shanghai = (column: string) => `(${column} at time zone 'Asia/Shanghai')`;

describeEachDatabase('pinghu-2020 cases', (database) => {
  const db = () => database().db;
  beforeAll(async () => {
    await load(db());
  }, 240_000);

  it('has exactly 1,560 solved enterprise problems in February 2020, each owned by its enterprise’s liaison', async () => {
    expect(await count(db(), `select count(*) n from cases where ${SOLVED}`)).toBe(SOLVED_PROBLEMS);
    expect(SOLVED_PROBLEMS).toBe(1560);
    expect(
      await count(
        db(),
        `select count(*) n from cases c where ${SOLVED} and not exists (
           select 1 from assignments a join staff s on s.id = a.staff_id
            where a.kind = 'liaison' and a.is_primary and a.org_id = c.subject_org_id and s.user_id = c.owner_user_id)`,
      ),
    ).toBe(0);
    expect(
      await count(
        db(),
        `select count(*) n from cases where ${SOLVED} and not (
           ${shanghai('created_at')} >= '2020-02-03' and ${shanghai('resolved_at')} < '2020-03-01'
           and accepted_at >= created_at and resolved_at > created_at
           and (closed_at is null or closed_at >= resolved_at) and (status = 'closed') = (closed_at is not null))`,
      ),
    ).toBe(0);
    // Spread over the above-scale enterprises and every category.
    expect(
      await count(db(), `select count(distinct subject_org_id) n from cases where ${SOLVED}`),
    ).toBeGreaterThan(400);
    expect(
      await count(
        db(),
        `select count(*) n from (select * from cases where ${SOLVED}) c join orgs o on o.id = c.subject_org_id where not o.above_scale`,
      ),
    ).toBe(0);
    const categories = await rows<{ category: string; n: number }>(
      db(),
      `select category, count(*)::int n from cases where ${SOLVED} group by 1 order by 2 desc`,
    );
    expect(categories.map((c) => c.category)).toHaveLength(7);
    expect(categories[0]?.category).toBe('workforce');
    // Every case has its created, accepted and resolved entries on the timeline.
    expect(
      await count(
        db(),
        `select count(*) n from cases c where ${SOLVED} and (select count(distinct coalesce(to_status, kind)) from case_events e
           where e.case_id = c.id and (e.kind in ('created', 'accepted') or e.to_status = 'resolved')) < 2`,
      ),
    ).toBe(0);
  });

  it('reads like a real month: about 90 % on time, most rated, about 95 % satisfied, 2-hour first responses mostly kept', async () => {
    const [m] = await rows<{ on_time: number; rated: number; satisfied: number; first_ok: number }>(
      db(),
      `select avg((resolved_at <= due_resolution_at)::int)::float on_time,
              avg((rating is not null)::int)::float rated,
              (avg((rating >= 4)::int) filter (where rating is not null))::float satisfied,
              avg((first_response_at <= due_first_response_at)::int)::float first_ok
         from cases where ${SOLVED}`,
    );
    expect(m?.on_time).toBeGreaterThan(0.85);
    expect(m?.on_time).toBeLessThan(0.95);
    expect(m?.rated).toBeGreaterThan(0.6);
    expect(m?.satisfied).toBeGreaterThan(0.9);
    expect(m?.satisfied).toBeLessThan(0.99);
    expect(m?.first_ok).toBeGreaterThan(0.9);
  });

  it('keeps a live queue: 40–60 open problems, a few overdue and escalated, five in 顾敏杰’s inbox', async () => {
    const open = await count(db(), `select count(*) n from cases where ${OPEN}`);
    expect(open).toBeGreaterThanOrEqual(40);
    expect(open).toBeLessThanOrEqual(60);
    expect(
      await count(db(), `select count(*) n from cases where ${OPEN} and due_resolution_at < now()`),
    ).toBe(OVERDUE_OPEN_PROBLEMS);
    expect(
      await count(
        db(),
        `select count(*) n from cases where ${OPEN} and due_resolution_at < now() and escalation_level = 1`,
      ),
    ).toBe(OVERDUE_OPEN_PROBLEMS);
    // Pending SLA rows for the open cases, none left pending in the past.
    expect(
      await count(
        db(),
        `select count(*) n from case_deadlines where fired_at is null and cancelled_at is null and due_at > now()`,
      ),
    ).toBeGreaterThan(open);
    expect(
      await count(
        db(),
        `select count(*) n from case_deadlines where fired_at is null and cancelled_at is null and due_at <= now()`,
      ),
    ).toBe(0);
    expect(
      await count(
        db(),
        `select count(*) n from cases c join users u on u.id = c.owner_user_id where u.username = 'gumingjie' and ${OPEN.replaceAll('status', 'c.status')}`,
      ),
    ).toBe(GUMINGJIE_OPEN);
  });

  it('links zbhl to 中部理化, whose portal shows its past and open requests', async () => {
    const [zbhl] = await rows<{ org: string }>(
      db(),
      `select o.name org from users u join orgs o on o.id = u.org_id where u.username = 'zbhl'`,
    );
    expect(zbhl?.org).toBe(ZHONGBU_NAME);
    expect(
      await count(
        db(),
        `select count(*) n from cases c join users u on u.username = 'zbhl' and c.requester_org_id = u.org_id where c.${OPEN}`,
      ),
    ).toBeGreaterThanOrEqual(2);
    expect(
      await count(
        db(),
        `select count(*) n from cases c join users u on u.username = 'zbhl' and c.requester_user_id = u.id`,
      ),
    ).toBeGreaterThan(2);
  });

  it('tells the sulfuric-acid case: liaison-owned, a 余杭区 task and a 市交通运输局 task done, closed with 5 stars', async () => {
    const [c] = await rows<Record<string, unknown>>(
      db(),
      `select c.*, o.name subject, u.username owner from cases c join orgs o on o.id = c.subject_org_id
         join users u on u.id = c.owner_user_id where c.id = '${DEMO_CASE_IDS.sulfuricAcid}'`,
    );
    expect(c).toMatchObject({
      subject: ZHONGBU_NAME,
      owner: 'gumingjie',
      type_code: 'enterprise_problem',
      category: 'raw_materials_logistics',
      status: 'closed',
      rating: 5,
    });
    expect(String(c?.title)).toContain('硫酸');
    expect(String(c?.title)).toContain('一周');
    const tasks = await rows<{
      assignee_kind: string;
      region_name: string | null;
      department_code: string | null;
      status: string;
      result: string;
      contact_phone_masked: string | null;
    }>(
      db(),
      `select assignee_kind, region_name, department_code, status, result, contact_phone_masked from case_tasks where case_id = '${DEMO_CASE_IDS.sulfuricAcid}' order by created_at`,
    );
    expect(tasks).toHaveLength(2);
    expect(tasks[0]).toMatchObject({ assignee_kind: 'region', region_name: '余杭区', status: 'done' });
    expect(tasks[0]?.contact_phone_masked).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(tasks[1]).toMatchObject({
      assignee_kind: 'department',
      department_code: 'transport',
      status: 'done',
    });
    expect(tasks.every((t) => t.result.length > 10)).toBe(true);
    const events = await rows<{ kind: string; to_status: string | null; at: string }>(
      db(),
      `select kind, to_status, ${shanghai('at')}::text at from case_events where case_id = '${DEMO_CASE_IDS.sulfuricAcid}' order by at, id`,
    );
    const kinds = events.map((e) => (e.kind === 'status' ? e.to_status : e.kind));
    expect(kinds.filter((k) => k === 'task_opened')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'task_completed')).toHaveLength(2);
    expect(kinds).toEqual(
      expect.arrayContaining(['created', 'accepted', 'comment', 'resolved', 'closed', 'rated']),
    );
    expect(kinds.indexOf('created')).toBe(0);
    expect(kinds.indexOf('resolved')).toBeGreaterThan(kinds.lastIndexOf('task_completed'));
    expect(events.every((e) => e.at >= '2020-02-12' && e.at < '2020-02-18')).toBe(true);
  });

  it('tells the isolation-gown filing: market regulation, the 《隔离衣备案指导》 guide linked, remote guidance, 2,000 a day', async () => {
    const [c] = await rows<{
      type_code: string;
      status: string;
      handling_department_code: string;
      owner: string;
      fields: { daily_capacity: number };
      guide: string;
      body: string;
      resolution: string;
    }>(
      db(),
      `select c.type_code, c.status, c.handling_department_code, u.username owner, c.fields, g.title guide, g.body, c.resolution
         from cases c join users u on u.id = c.owner_user_id join guides g on g.id = c.guide_id
        where c.id = '${DEMO_CASE_IDS.isolationGowns}'`,
    );
    expect(c).toMatchObject({
      type_code: 'filing_application',
      status: 'resolved',
      handling_department_code: 'market_regulation',
      owner: 'scjg',
      guide: GOWN_GUIDE_TITLE,
    });
    expect(c?.fields.daily_capacity).toBe(2000);
    expect(c?.body).toContain('GB 19082');
    expect(c?.body).toContain('YY/T 1499');
    expect(c?.resolution).toContain('产品备案凭证');
    expect(c?.resolution).toContain('生产备案凭证');
    const comments = await rows<{ body: string }>(
      db(),
      `select body from case_events where case_id = '${DEMO_CASE_IDS.isolationGowns}' and kind = 'comment'`,
    );
    const text = comments.map((e) => e.body).join('\n');
    for (const way of ['资料网络传送', '视频在线指导', '电脑远程控制']) expect(text).toContain(way);
  });

  it('tells the export refund: CNY 2,280,000 for 古道嘉恒, paid by tax in under 24 hours', async () => {
    const [c] = await rows<{
      type_code: string;
      hours: number;
      amount: number;
      handling_department_code: string;
      department: string;
      subject: string;
    }>(
      db(),
      `select c.type_code, extract(epoch from c.resolved_at - c.created_at)::float / 3600 hours,
              (c.fields->>'amount_cny')::numeric::float amount, c.handling_department_code, u.department, o.name subject
         from cases c join users u on u.id = c.owner_user_id join orgs o on o.id = c.subject_org_id
        where c.id = '${DEMO_CASE_IDS.exportRefund}'`,
    );
    expect(c).toMatchObject({
      type_code: 'export_tax_refund',
      amount: 2_280_000,
      handling_department_code: 'tax',
      department: 'tax',
      subject: '平湖市古道嘉恒贸易有限公司',
    });
    expect(c?.hours).toBeGreaterThan(20);
    expect(c?.hours).toBeLessThan(24);
  });

  it('has a one-enterprise-one-policy plan for each of the 17 key enterprises, 3–5 measures each', async () => {
    const plans = await rows<{
      tags: string[];
      measures: Array<{ measure: string; departmentCode: string; status: string }>;
      title: string;
    }>(db(), `select o.tags, p.measures, p.title from enterprise_plans p join orgs o on o.id = p.org_id`);
    expect(plans).toHaveLength(17);
    expect(plans.every((p) => p.tags.includes('key_enterprise') && p.title.includes('一企一策'))).toBe(true);
    const codes = new Set(
      (await rows<{ code: string }>(db(), `select code from departments`)).map((d) => d.code),
    );
    for (const p of plans) {
      expect(p.measures.length).toBeGreaterThanOrEqual(3);
      expect(p.measures.length).toBeLessThanOrEqual(5);
      for (const m of p.measures) {
        expect(codes.has(m.departmentCode)).toBe(true);
        expect(['done', 'in_progress', 'planned']).toContain(m.status);
        expect(m.measure.length).toBeGreaterThan(5);
      }
    }
  });

  it('gives 顾敏杰 a non-empty inbox through the API', async () => {
    const app = await createTestApp(database());
    try {
      const session = await signIn(app, { username: 'gumingjie', password: demoPassword });
      const res = await app.inject({ method: 'GET', url: '/api/cases?view=mine', headers: session.headers });
      expect(res.statusCode).toBe(200);
      const items = (res.json() as { items: Array<{ status: string; owner: { name: string } | null }> })
        .items;
      expect(items.length).toBeGreaterThanOrEqual(GUMINGJIE_OPEN);
      expect(items.some((i) => ['accepted', 'in_progress'].includes(i.status))).toBe(true);
    } finally {
      await app.close();
    }
  });
});

describe('pinghu-2020 case rows', () => {
  it('are the same on every build (ids, owners, times of the history)', () => {
    const build = () => {
      const areaRows = buildAreaRows();
      const userIds = new Map(
        ['command', 'scjg', 'danghu', 'shuiweidai', 'gumingjie', 'dudao', 'zbhl', 'caojinren'].map((u) => [
          u,
          stableId(`user:${u}`),
        ]),
      );
      const rng = createRng(DEMO_SEED);
      const registries = buildRegistries({
        areas: new AreaIndex(areaRows),
        pii,
        rng,
        credit: new CreditCodeFactory(rng),
        userIds,
      });
      const staffUsers = caseStaffUsers(registries, userIds);
      const sla = {
        basis: 'working' as const,
        firstResponseHours: 2,
        updateIntervalHours: 7.5,
        resolutionHours: 22.5,
        warnAtShare: 0.8,
      };
      const types = new Map(
        ['enterprise_problem', 'filing_application', 'export_tax_refund'].map((code) => [
          code,
          { id: stableId(code), sla },
        ]),
      );
      const demo = buildCaseDemo(
        {
          registries,
          staffUsers,
          userIds,
          pii,
          now: new Date('2026-03-04T10:00:00+08:00'),
          seed: DEMO_SEED + 1,
        },
        types,
      );
      return demo.caseRows.map((c) => [
        c.id,
        c.ownerUserId,
        c.status,
        c.title,
        (c.createdAt as Date).toISOString(),
        c.rating,
      ]);
    };
    const first = build();
    expect(first.length).toBeGreaterThan(SOLVED_PROBLEMS);
    expect(build()).toEqual(first);
  }, 60_000);
});
