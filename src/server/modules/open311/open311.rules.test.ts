import { describe, expect, it } from 'vitest';
import {
  attributesOf,
  listParam,
  open311Status,
  parsePostBody,
  requestNumberOf,
  statusesFor,
  xmlDocument,
} from './open311.rules.ts';

describe('Open311 rules', () => {
  it('maps lifecycle statuses to open and closed', () => {
    for (const s of ['submitted', 'accepted', 'in_progress']) expect(open311Status(s)).toBe('open');
    for (const s of ['resolved', 'closed', 'rejected', 'withdrawn', 'merged'])
      expect(open311Status(s)).toBe('closed');
    expect(statusesFor('open').every((s) => open311Status(s) === 'open')).toBe(true);
    expect(statusesFor('closed').every((s) => open311Status(s) === 'closed')).toBe(true);
  });

  it('reads request ids as GL-000123 or digits', () => {
    expect(requestNumberOf('GL-000123')).toBe(123);
    expect(requestNumberOf('gl-7')).toBe(7);
    expect(requestNumberOf('42')).toBe(42);
    expect(requestNumberOf('GL-')).toBeNull();
    expect(requestNumberOf('0')).toBeNull();
    expect(requestNumberOf('1; drop')).toBeNull();
    expect(listParam(' a, ,b ')).toEqual(['a', 'b']);
  });

  it('writes the spec’s XML with escaping and singular item names', () => {
    const xml = xmlDocument('services', [{ service_code: 'a&b', metadata: false, group: null }], 'service');
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<services><service><service_code>a&amp;b</service_code><metadata>false</metadata><group/></service></services>',
    );
    expect(xmlDocument('service_definition', { attributes: [{ values: [{ key: '1' }] }] })).toContain(
      '<attributes><attribute><values><value><key>1</key></value></values></attribute></attributes>',
    );
  });

  it('turns form fields into attributes with the spec’s datatypes', () => {
    const attrs = attributesOf(
      [
        { key: 'floor', label: { zh: '楼层', en: 'Floor' }, type: 'number', required: true },
        {
          key: 'kind',
          label: { zh: '类型', en: 'Kind' },
          type: 'select',
          required: false,
          options: [{ value: 'light', label: { zh: '路灯', en: 'Street light' } }],
        },
      ],
      'en',
    );
    expect(attrs[0]).toMatchObject({
      code: 'floor',
      datatype: 'number',
      required: true,
      order: 1,
      description: 'Floor',
    });
    expect(attrs[1]).toMatchObject({
      datatype: 'singlevaluelist',
      values: [{ key: 'light', name: 'Street light' }],
    });
  });

  it('parses a POST body and names every problem', () => {
    const ok = parsePostBody({
      service_code: 'svc',
      lat: '30.5',
      long: '120.9',
      description: ' pothole ',
      first_name: 'Li',
      'attribute[floor]': '3',
    });
    expect(ok).toMatchObject({
      input: {
        serviceCode: 'svc',
        lat: 30.5,
        lon: 120.9,
        description: 'pothole',
        attributes: { floor: '3' },
      },
    });
    const bad = parsePostBody({ lat: '91' });
    expect('errors' in bad && bad.errors).toEqual([
      'service_code was not provided',
      'lat must be a number from -90 to 90',
      'lat and long must be given together',
      'description was not provided',
    ]);
    const nowhere = parsePostBody({ service_code: 'svc', description: 'x' });
    expect('errors' in nowhere && nowhere.errors[0]).toContain('location is required');
    expect(parsePostBody({ service_code: 'svc', description: 'x', address_id: '330482' })).toHaveProperty(
      'input',
    );
  });
});
