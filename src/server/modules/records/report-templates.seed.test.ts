import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { recordForms, reportTemplates } from './records.tables.ts';
import { seedRecordForms } from './records.seed.ts';
import { columnErrors } from './report-templates.rules.ts';
import { BUILT_IN_TEMPLATES, seedReportTemplates } from './report-templates.seed.ts';

describeEachDatabase('the seeded report sheets', (database) => {
  it('fit the seeded forms’ fields, and seeding twice keeps one of each and an administrator’s change', async () => {
    const db = database().db;
    await seedRecordForms(db);
    await seedReportTemplates(db);
    for (const template of BUILT_IN_TEMPLATES) {
      const [form] = await db.select().from(recordForms).where(eq(recordForms.key, template.formKey));
      expect(form, template.formKey).toBeDefined();
      expect(columnErrors(form?.fields ?? [], template.columns)).toEqual([]);
    }
    await db
      .update(reportTemplates)
      .set({ groupBy: 'grid' })
      .where(eq(reportTemplates.key, 'economy_resumption_daily'));
    await seedReportTemplates(db);
    const rows = await db.select().from(reportTemplates);
    expect(rows.map((r) => [r.key, r.groupBy]).sort()).toEqual([
      ['economy_resumption_daily', 'grid'],
      ['health_screening_daily', 'community'],
    ]);
  });
});
