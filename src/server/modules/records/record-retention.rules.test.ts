import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../../shared/form-fields.ts';
import { TEST_FORM_FIELDS } from '../../testing/report-templates.factories.ts';
import { addDays, keptKeys, purgeLowerBound, retentionCutoff } from './record-retention.rules.ts';

const fieldsOf = (key: string) => TEST_FORM_FIELDS[key] as FieldSpec[];

describe('what an anonymised record keeps', () => {
  it('keeps the statistical values of a checkpoint pass and drops origin and plate', () => {
    expect(keptKeys([fieldsOf('checkpoint_pass')])).toEqual([
      'direction',
      'mask',
      'party',
      'temperature',
      'visitor_type',
    ]);
  });

  it('keeps temperature, symptoms, travel and quarantine of a screening', () => {
    expect(keptKeys([fieldsOf('resident_screening')])).toEqual([
      'quarantine_status',
      'symptoms',
      'temperature',
      'travel_14d',
    ]);
  });

  it('drops text, dates, photos and item lists, and a key that was free text in any version', () => {
    const v1: FieldSpec[] = [
      { key: 'returned_from', label: { zh: '', en: '' }, type: 'text', required: true },
      { key: 'returned_on', label: { zh: '', en: '' }, type: 'date', required: true },
      { key: 'photo', label: { zh: '', en: '' }, type: 'photo', required: false },
      { key: 'stock', label: { zh: '', en: '' }, type: 'item_list', required: false },
      { key: 'transport', label: { zh: '', en: '' }, type: 'text', required: false },
    ];
    const v2: FieldSpec[] = [
      { key: 'transport', label: { zh: '', en: '' }, type: 'select', required: false, options: [] },
      { key: 'people', label: { zh: '', en: '' }, type: 'number', required: false },
    ];
    expect(keptKeys([v2, v1])).toEqual(['people']);
  });
});

describe('the retention window', () => {
  it('cuts at the Shanghai day less the retention', () => {
    // 1 June 2020 17:00 UTC is already 2 June in Shanghai.
    expect(retentionCutoff(new Date('2020-06-01T17:00:00Z'), 90)).toBe('2020-03-04');
    expect(retentionCutoff(new Date('2020-06-01T15:00:00Z'), 90)).toBe('2020-03-03');
    expect(retentionCutoff(new Date('2020-03-31T04:00:00Z'), 30)).toBe('2020-03-01');
  });

  it('looks a month below the last run’s cut-off, or everywhere on a first run', () => {
    expect(purgeLowerBound(null)).toBeNull();
    expect(purgeLowerBound('2020-03-04')).toBe('2020-02-02');
    expect(addDays('2020-02-28', 2)).toBe('2020-03-01');
  });
});
