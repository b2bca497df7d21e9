import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/app.ts';
import { firstStart } from '../../src/server/bootstrap.ts';
import type { Db } from '../../src/server/core/db/client.ts';
import { testPiiCipher } from '../../src/server/core/crypto/pii.ts';
import { describeEachDatabase } from '../../src/server/testing/test-database.ts';
import { createTestApp, signIn, type Session } from '../../src/server/testing/factories.ts';
import { drainRollups } from '../../src/server/modules/dashboard/rollups.service.ts';
import type { LaggardDto, TargetDto } from '../../src/shared/dashboard.ts';
import { TOWNS } from './areas.ts';
import { buildDemoTargets } from './targets.ts';

const demoPassword = 'y'.repeat(12);
const load = (db: Db) =>
  firstStart(db, { adminPassword: 'x'.repeat(12), loadDemo: true, demoPassword, pii: testPiiCipher() });

describe('pinghu-2020 targets (rows)', () => {
  it('the source’s targets where a metric exists: resumption city-wide and per town, screening, capacity', () => {
    const demo = buildDemoTargets();
    expect(demo).toHaveLength(1 + TOWNS.length + 2);
    expect(new Set(demo.map((t) => t.id)).size).toBe(demo.length);
    expect(demo.filter((t) => t.metric === 'resumption_rate').map((t) => t.dueDay)).toEqual(
      Array(1 + TOWNS.length).fill('2020-02-29'),
    );
    expect(demo.find((t) => t.metric === 'capacity_rate')).toMatchObject({ targetValue: 90 });
    expect(buildDemoTargets().map((t) => t.id)).toEqual(demo.map((t) => t.id));
  });
});

describeEachDatabase('pinghu-2020 targets', (database) => {
  let app: App;
  let command: Session;

  beforeAll(async () => {
    await load(database().db);
    await drainRollups(database());
    app = await createTestApp(database());
    command = await signIn(app, { username: 'command', password: demoPassword });
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  const get = (url: string) => app.inject({ method: 'GET', url, headers: command.headers });

  it('the command office sees every target with a computed progress', async () => {
    const response = await get('/api/targets?limit=100');
    expect(response.statusCode).toBe(200);
    const items = response.json().items as TargetDto[];
    expect(items).toHaveLength(buildDemoTargets().length);
    for (const target of items) {
      expect(target.canEdit).toBe(true);
      expect(target.asOf).toBe(target.dueDay);
    }
    const city = items.find((t) => t.metric === 'resumption_rate' && t.area.level === 'city');
    expect(city?.actual).toBeGreaterThan(80);
    expect(city?.progress).toBeGreaterThan(0.8);
    expect(['met', 'missed']).toContain(city?.status);
    const capacity = items.find((t) => t.metric === 'capacity_rate');
    expect(capacity?.progress).toBeGreaterThan(0);
    const screening = items.find((t) => t.metric === 'screening_coverage');
    expect(screening?.actual).toEqual(expect.any(Number));
  });

  it('lists the eight towns under the city target and issues a sheet to the worst one, routed to its office', async () => {
    const city = (
      (await get('/api/targets?metric=resumption_rate&limit=100')).json().items as TargetDto[]
    ).find((t) => t.area.level === 'city');
    const laggards = (await get(`/api/targets/${city?.id}/laggards`)).json() as {
      items: LaggardDto[];
      canIssue: boolean;
    };
    expect(laggards.items.map((l) => l.area.name).sort()).toEqual(TOWNS.map((t) => t.name).sort());
    expect(laggards.items.every((l) => l.actual !== null && l.progress !== null)).toBe(true);
    const worst = laggards.items[0];
    expect(worst?.progress).toBe(Math.min(...laggards.items.map((l) => l.progress ?? 1)));
    if (!worst || worst.status === 'met') return;
    const issued = await app.inject({
      method: 'POST',
      url: `/api/targets/${city?.id}/sheets`,
      headers: command.headers,
      payload: { areaId: worst.area.id },
    });
    expect(issued.statusCode).toBe(201);
    expect(issued.json().sheet.departmentCode).toMatch(/^town_/);
  });
});
