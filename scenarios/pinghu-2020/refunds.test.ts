import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstStart } from '../../src/server/bootstrap.ts';
import type { Db } from '../../src/server/core/db/client.ts';
import { testPiiCipher } from '../../src/server/core/crypto/pii.ts';
import { describeEachDatabase } from '../../src/server/testing/test-database.ts';
import { DEMO_CASE_IDS, SOLVED_PROBLEMS } from './cases.ts';
import { readDemoShapes } from './geo.load.ts';
import { createRng } from './random.ts';
import {
  GUDAO_REFUND_CNY,
  MORE_REFUNDS,
  REFUNDS_FROM,
  REFUNDS_TO,
  REFUNDS_TOTAL_CNY,
  refundAmounts,
} from './refunds.ts';

const pii = testPiiCipher();
const load = (db: Db) =>
  firstStart(db, { adminPassword: 'x'.repeat(12), loadDemo: true, demoPassword: 'y'.repeat(12), pii });

async function rows<T>(db: Db, query: string): Promise<T[]> {
  const result = await db.execute(sql.raw(query));
  return (result as unknown as { rows: T[] }).rows;
}

const shanghai = (column: string) => `(${column} at time zone 'Asia/Shanghai')::date`;
const REFUNDS = `type_code = 'export_tax_refund' and status in ('resolved', 'closed')
  and ${shanghai('resolved_at')} between '${REFUNDS_FROM}' and '${REFUNDS_TO}'`;

describe('refundAmounts', () => {
  it('sums to the total exactly, in whole yuan', () => {
    const amounts = refundAmounts(createRng(7), MORE_REFUNDS, REFUNDS_TOTAL_CNY - GUDAO_REFUND_CNY);
    expect(amounts).toHaveLength(MORE_REFUNDS);
    expect(amounts.reduce((s, a) => s + a, 0)).toBe(70_770_000);
    expect(amounts.every((a) => Number.isInteger(a) && a > 0)).toBe(true);
  });
});

describeEachDatabase('pinghu-2020 refunds and map shapes', (database) => {
  const db = () => database().db;
  beforeAll(async () => {
    await load(db());
  }, 240_000);

  it('pays CNY 73.05 M of export tax refunds between the Spring Festival and the end of February', async () => {
    const [total] = await rows<{ n: number; cny: string }>(
      db(),
      `select count(*)::int n, sum((fields->>'amount_cny')::numeric)::text cny from cases where ${REFUNDS}`,
    );
    expect(Number(total?.cny)).toBe(73_050_000);
    expect(total?.n).toBe(MORE_REFUNDS + 1);
    // 古道嘉恒's 2.28 M is among them.
    const [gudao] = await rows<{ amount: number }>(
      db(),
      `select (fields->>'amount_cny')::numeric::float amount from cases where id = '${DEMO_CASE_IDS.exportRefund}' and ${REFUNDS}`,
    );
    expect(gudao?.amount).toBe(2_280_000);
  });

  it('has every refund of an exporter, handled by the tax bureau, paid within three working days', async () => {
    const refunds = await rows<{
      tags: string[];
      kind: string;
      department: string;
      owner_department: string;
      hours: number;
      created: string;
      resolved: string;
      events: string[];
      due_ok: boolean;
    }>(
      db(),
      `select o.tags, o.kind, c.handling_department_code department, u.department owner_department,
              extract(epoch from c.resolved_at - c.created_at)::float / 3600 hours,
              ${shanghai('c.created_at')}::text created, ${shanghai('c.resolved_at')}::text resolved,
              array(select coalesce(e.to_status, e.kind) from case_events e where e.case_id = c.id order by e.at, e.id) events,
              c.due_resolution_at = c.created_at + interval '24 hours' due_ok
         from cases c join orgs o on o.id = c.subject_org_id join users u on u.id = c.owner_user_id
        where c.type_code = 'export_tax_refund' and c.id <> '${DEMO_CASE_IDS.exportRefund}'`,
    );
    expect(refunds).toHaveLength(MORE_REFUNDS);
    for (const r of refunds) {
      expect(r.tags).toContain('exporter');
      expect(r.kind).toBe('enterprise');
      expect(r.department).toBe('tax');
      expect(r.owner_department).toBe('tax');
      expect(r.events).toEqual(['submitted', 'accepted', 'resolved']);
      expect(r.due_ok).toBe(true);
      expect(r.created >= '2020-02-03' && r.resolved <= '2020-02-28').toBe(true);
      expect(r.hours).toBeGreaterThan(0);
      // Three working days at most: filed on a Friday, paid by Wednesday.
      expect(r.hours).toBeLessThan(24 * 6);
    }
    // Mostly within the type's 24-hour clock (即报即审即退).
    const median = [...refunds].sort((a, b) => a.hours - b.hours)[Math.floor(refunds.length / 2)]?.hours;
    expect(median).toBeLessThan(24);
  });

  it('leaves the other demo facts alone: 1,560 solved enterprise problems, no refund open', async () => {
    const [c] = await rows<{ solved: number; open_refunds: number }>(
      db(),
      `select count(*) filter (where type_code = 'enterprise_problem' and status in ('resolved', 'closed'))::int solved,
              count(*) filter (where type_code = 'export_tax_refund' and status not in ('resolved', 'closed'))::int open_refunds
         from cases`,
    );
    expect(c).toEqual({ solved: SOLVED_PROBLEMS, open_refunds: 0 });
  });

  it('stores the shipped shapes of the city, its towns, communities and grids in area_shapes', async () => {
    const shapes = await rows<{ level: string; n: number }>(
      db(),
      `select a.level, count(*)::int n from area_shapes s join areas a on a.id = s.area_id group by 1`,
    );
    const byLevel = Object.fromEntries(shapes.map((s) => [s.level, s.n]));
    expect(byLevel).toMatchObject({ city: 1, town: 8, grid: 235 });
    expect(shapes.reduce((s, r) => s + r.n, 0)).toBe(readDemoShapes().features.length);
    const [town] = await rows<{ geometry: { type: string; coordinates: number[][][] } }>(
      db(),
      `select s.geometry from area_shapes s join areas a on a.id = s.area_id where a.name = '当湖街道'`,
    );
    expect(town?.geometry.type).toBe('Polygon');
    expect(town?.geometry.coordinates[0]?.length).toBeGreaterThanOrEqual(4);
  });
});
