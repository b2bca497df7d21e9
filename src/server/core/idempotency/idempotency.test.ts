import { beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import {
  createAreaTree,
  createTestApp,
  signInAs,
  type Session,
  type TestTree,
} from '../../testing/factories.ts';
import { queryRows } from '../db/migrations.ts';

describeEachDatabase('idempotency keys', (database) => {
  let app: App;
  let tree: TestTree;
  let admin: Session;
  beforeAll(async () => {
    app = await createTestApp(database());
    tree = await createAreaTree(database().db);
    admin = await signInAs(app, database().db, 'admin', null);
  });

  const create = (key: string, code: string) =>
    app.inject({
      method: 'POST',
      url: '/api/areas',
      headers: { ...admin.headers, 'idempotency-key': key },
      payload: { parentId: tree.grids[0].id, code, name: '卡点', level: 'place', kind: 'checkpoint' },
    });

  const countPlaces = async (code: string) =>
    (
      await queryRows<{ n: number }>(
        database(),
        sql`select count(*)::int as n from areas where path = ${`${tree.grids[0].path}.${code}`}`,
      )
    )[0]?.n;

  it('replays the first response to a retried create, and writes once', async () => {
    const first = await create('field-retry-0001', 'P100');
    const second = await create('field-retry-0001', 'P100');
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
    expect(await countPlaces('P100')).toBe(1);
  });

  it('refuses the same key for a different request with 409', async () => {
    await create('field-retry-0002', 'P101');
    const other = await create('field-retry-0002', 'P102');
    expect(other.statusCode).toBe(409);
    expect(other.json().error.details[0].field).toBe('Idempotency-Key');
    expect(await countPlaces('P102')).toBe(0);
  });

  it('replays a client error too, so a retry does not change the answer', async () => {
    const first = await create('field-retry-0003', 'P001');
    const again = await create('field-retry-0003', 'P001');
    expect(first.statusCode).toBe(409);
    expect(again.statusCode).toBe(409);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('keeps keys per user: another user may use the same key', async () => {
    await create('shared-key-0004', 'P103');
    const other = await signInAs(app, database().db, 'admin', null);
    const res = await app.inject({
      method: 'POST',
      url: '/api/areas',
      headers: { ...other.headers, 'idempotency-key': 'shared-key-0004' },
      payload: { parentId: tree.grids[0].id, code: 'P104', name: '卡点', level: 'place', kind: 'checkpoint' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });

  it('rejects a malformed key with 400 naming the header', async () => {
    const res = await create('short', 'P105');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe('Idempotency-Key');
  });
});
