import { describe, expect, it } from 'vitest';
import { eventForScope, sseComment, sseEvent } from './dashboard-events.rules.ts';

const event = {
  paths: ['330482.01.001.0001', '330482.02.002.0001', '330482.01'],
  families: ['records', 'cases'],
  at: '2020-02-10T08:00:00.000Z',
};

describe('eventForScope', () => {
  it('passes everything to an actor without a scope', () => {
    expect(eventForScope(event, null)).toEqual(event);
  });

  it('keeps only the paths inside the scope', () => {
    expect(eventForScope(event, '330482.01')).toEqual({
      ...event,
      paths: ['330482.01.001.0001', '330482.01'],
    });
    expect(eventForScope(event, '330482.02.002')).toEqual({ ...event, paths: ['330482.02.002.0001'] });
  });

  it('sends nothing when no path is in scope (another town changed)', () => {
    expect(eventForScope(event, '330482.03')).toBeNull();
    // A sibling whose code starts alike is not inside.
    expect(eventForScope({ ...event, paths: ['330482.011.001'] }, '330482.01')).toBeNull();
    // A change above the scope (the city's own cell) is not the town's to see.
    expect(eventForScope({ ...event, paths: ['330482'] }, '330482.01')).toBeNull();
  });

  it('drops what is not a dashboard event, and unknown families', () => {
    expect(eventForScope(null, null)).toBeNull();
    expect(eventForScope('x', null)).toBeNull();
    expect(eventForScope({ paths: 'a', families: [], at: 'now' }, null)).toBeNull();
    expect(eventForScope({ paths: ['a', 3], families: ['records', 'weather'], at: 'now' }, null)).toEqual({
      paths: ['a'],
      families: ['records'],
      at: 'now',
    });
  });
});

describe('server-sent event text', () => {
  it('frames an event and a comment', () => {
    expect(sseEvent('dashboard', { paths: ['a\nb'] })).toBe(
      'event: dashboard\ndata: {"paths":["a\\nb"]}\n\n',
    );
    expect(sseComment('heart\nbeat')).toBe(': heart beat\n\n');
  });
});
