import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../../shared/form-fields.ts';
import type { RecordForm } from './api.ts';
import { fieldChanges, previewSpecs, toFieldSpec, toVersionBody, toVersionValues } from './formVersion.ts';
import { trendSeries } from './trend.ts';

const fields: FieldSpec[] = [
  {
    key: 'staff_on_duty',
    label: { zh: '在岗人数', en: 'Staff on duty' },
    type: 'number',
    required: true,
    min: 0,
    max: 100000,
    unit: { zh: '人', en: 'people' },
  },
  {
    key: 'raw_material_days',
    label: { zh: '原料可用天数', en: 'Days of raw material' },
    type: 'item_list',
    required: false,
    min: 0,
    unit: { zh: '天', en: 'days' },
    options: [{ value: 'sulfuric_acid', label: { zh: '硫酸', en: 'Sulfuric acid' } }],
  },
  {
    key: 'symptoms',
    label: { zh: '症状', en: 'Symptoms' },
    type: 'multi_select',
    required: true,
    options: [
      { value: 'fever', label: { zh: '发热', en: 'Fever' } },
      { value: 'none', label: { zh: '无', en: 'None' } },
    ],
  },
  {
    key: 'temperature',
    label: { zh: '体温', en: 'Temperature' },
    type: 'temperature',
    required: false,
    unit: { zh: '°C', en: '°C' },
    help: { zh: '人员通行必填', en: 'Required for a person' },
  },
];

const form: RecordForm = {
  id: '00000000-0000-4000-8000-000000000001',
  key: 'enterprise_daily',
  version: 2,
  name: { zh: '企业日报', en: 'Enterprise daily report' },
  description: null,
  subjectKind: 'org',
  fields,
  expectation: { subjects: 'resumed_enterprises', perDay: 1 },
  healthData: false,
  retentionDays: null,
  retentionAction: 'anonymise',
  offline: false,
  channels: ['staff', 'subject'],
  active: true,
  createdAt: '2020-02-01T00:00:00.000Z',
};

describe('new form version values', () => {
  it('round-trips every field of the current version unchanged', () => {
    const body = toVersionBody(toVersionValues(form), form);
    expect(body.fields).toEqual(fields);
    expect(body.name).toEqual(form.name);
    expect(body.description).toBeNull();
    expect(body.expectation).toEqual(form.expectation);
    expect(body.channels).toEqual(['staff', 'subject']);
    expect(fieldChanges(fields, body.fields)).toEqual({ added: [], removed: [], changed: [] });
  });

  it('drops limits and units a type does not take, and fills a blank language from the other', () => {
    const spec = toFieldSpec({
      key: ' note ',
      type: 'text',
      required: false,
      label: { zh: '备注', en: '' },
      min: 3,
      max: 200,
      unit: { zh: '人', en: 'people' },
      options: [{ value: 'x', label: { zh: 'x', en: 'x' } }],
      help: { zh: '', en: 'Anything else' },
    });
    expect(spec).toEqual({
      key: 'note',
      type: 'text',
      required: false,
      label: { zh: '备注', en: '' },
      max: 200,
      help: { zh: 'Anything else', en: 'Anything else' },
    });
  });

  it('previews only rows with a valid unique key, labelled by the key while unnamed', () => {
    const specs = previewSpecs([
      { key: 'done', type: 'boolean', label: {} },
      { key: 'done', type: 'text', label: { zh: '重复' } },
      { key: 'Bad Key', type: 'text' },
      { key: 'kind', type: 'select', options: [{ value: '' }, { value: 'a', label: { zh: '甲' } }] },
    ]);
    expect(specs.map((s) => s.key)).toEqual(['done', 'kind']);
    expect(specs[0]?.label).toEqual({ zh: 'done', en: 'done' });
    expect(specs[1]?.options).toEqual([{ value: 'a', label: { zh: '甲', en: '甲' } }]);
  });

  it('names the fields added, removed and changed between versions', () => {
    const next = [
      { ...fields[0], max: 5000 } as FieldSpec,
      fields[2] as FieldSpec,
      { key: 'masks', label: { zh: '口罩', en: 'Masks' }, type: 'number', required: false } as FieldSpec,
    ];
    expect(fieldChanges(fields.slice(0, 3), next)).toEqual({
      added: ['masks'],
      removed: ['raw_material_days'],
      changed: ['staff_on_duty'],
    });
  });
});

describe('reporting-rate trend', () => {
  it('draws the whole area from the totals and leaves a gap where an area expected nothing', () => {
    const days = ['2020-02-10', '2020-02-11'];
    const point = (day: string, areaId: string, areaName: string, expected: number, reported: number) => ({
      day,
      areaId,
      areaName,
      expected,
      reported,
      partly: 0,
      rate: reported / expected,
    });
    const series = trendSeries(
      {
        items: [
          point('2020-02-10', 'a', '甲', 10, 5),
          point('2020-02-10', 'b', '乙', 30, 30),
          point('2020-02-11', 'b', '乙', 30, 27),
        ],
        totals: [
          { day: '2020-02-10', expected: 40, reported: 35, partly: 0, rate: 0.875 },
          { day: '2020-02-11', expected: 30, reported: 27, partly: 0, rate: 0.9 },
        ],
      },
      days,
      '合计',
    );
    expect(series).toEqual([
      { name: '合计', data: [87.5, 90] },
      { name: '乙', data: [100, 90] },
      { name: '甲', data: [50, null] },
    ]);
  });
});
