import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { validateFields } from '../../../shared/form-fields.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { RECORD_FORM_SEEDS, seedRecordForms } from './records.seed.ts';
import { recordForms } from './records.tables.ts';

describe('built-in forms', () => {
  it('carry the contract’s keys, subject kinds and field keys', () => {
    const byKey = Object.fromEntries(RECORD_FORM_SEEDS.map((s) => [s.key, s]));
    expect(Object.keys(byKey).sort()).toEqual([
      'checkpoint_pass',
      'door_visit',
      'enterprise_daily',
      'market_prices',
      'resident_screening',
      'returnee_registration',
      'venue_disinfection',
    ]);
    expect(byKey.checkpoint_pass?.fields.map((f) => f.key)).toEqual([
      'party',
      'direction',
      'temperature',
      'mask',
      'visitor_type',
      'origin',
      'plate',
    ]);
    expect(byKey.checkpoint_pass?.expectation).toEqual({ subjects: 'checkpoints', perDay: 2 });
    expect(byKey.resident_screening?.retentionDays).toBe(90);
    expect(byKey.returnee_registration?.channels).toEqual(['staff', 'public']);
  });

  it('every label and option has both languages and every key is unique within its form', () => {
    for (const seed of RECORD_FORM_SEEDS) {
      expect(new Set(seed.fields.map((f) => f.key)).size).toBe(seed.fields.length);
      for (const field of seed.fields) {
        expect(field.label.zh && field.label.en).toBeTruthy();
        for (const o of field.options ?? []) expect(o.label.zh && o.label.en).toBeTruthy();
      }
    }
  });

  it('an enterprise report with a realistic payload passes, a capacity of 120 % does not', () => {
    const enterprise = RECORD_FORM_SEEDS.find((s) => s.key === 'enterprise_daily');
    if (!enterprise) throw new Error('missing');
    const values = {
      staff_on_duty: 120,
      staff_returned: 130,
      staff_from_outside_province: 20,
      staff_in_quarantine: 3,
      capacity_percent: 80,
      raw_material_days: [{ item: '硫酸', value: 5 }],
      masks_in_stock: 2000,
      disinfectant_kg: 50,
    };
    expect(validateFields(enterprise.fields, values, 'values')).toEqual([]);
    expect(validateFields(enterprise.fields, { ...values, capacity_percent: 120 }, 'values')).toEqual([
      { field: 'values.capacity_percent', reason: expect.objectContaining({ en: 'must be at most 100' }) },
    ]);
  });
});

describeEachDatabase('seedRecordForms', (database) => {
  it('inserts version 1 of each form once and leaves an administrator’s later versions alone', async () => {
    const db = database().db;
    await seedRecordForms(db);
    await db.update(recordForms).set({ retentionDays: 14 }).where(eq(recordForms.key, 'checkpoint_pass'));
    const [v1] = await db.select().from(recordForms).where(eq(recordForms.key, 'door_visit'));
    if (!v1) throw new Error('not seeded');
    await db
      .insert(recordForms)
      .values({ ...v1, id: undefined, version: 2, name: { zh: '走访 v2', en: 'Visit v2' } });
    await seedRecordForms(db);
    const rows = await db.select().from(recordForms);
    expect(rows.length).toBe(8);
    expect(rows.find((r) => r.key === 'checkpoint_pass')?.retentionDays).toBe(14);
    expect(
      rows
        .filter((r) => r.key === 'door_visit')
        .map((r) => r.version)
        .sort(),
    ).toEqual([1, 2]);
  });
});
