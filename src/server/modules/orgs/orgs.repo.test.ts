import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createAreaTree, type TestTree } from '../../testing/factories.ts';
import { createOrg, randomCreditCode } from '../../testing/orgs.factories.ts';
import { findOrgById, upsertOrgsByCreditCode, type NewOrgRow } from './orgs.repo.ts';

describeEachDatabase('orgs repo', (database) => {
  let tree: TestTree;
  beforeAll(async () => {
    tree = await createAreaTree(database().db);
  });

  describe('upsertOrgsByCreditCode', () => {
    it('inserts new codes, updates known ones across batches of 1,000, and says which per row', async () => {
      const knownCode = randomCreditCode();
      const existing = await createOrg(database().db, tree.grids[0], { creditCode: knownCode, name: '旧名' });
      const row = (name: string, creditCode: string): NewOrgRow => ({
        kind: 'enterprise',
        name,
        creditCode,
        areaId: tree.grids[1].id,
        areaPath: tree.grids[1].path,
        tags: ['exporter'],
      });
      const fresh = Array.from({ length: 1_200 }, (_, i) => row(`导入${i}`, randomCreditCode()));
      const unique = [...new Map(fresh.map((r) => [r.creditCode, r])).values()];
      const result = await database().db.transaction((tx) =>
        upsertOrgsByCreditCode(tx, [row('新名', knownCode), ...unique]),
      );
      expect(result).toHaveLength(unique.length + 1);
      expect(result[0]).toEqual({ id: existing.id, creditCode: knownCode, inserted: false });
      expect(result.slice(1).every((r) => r.inserted)).toBe(true);
      const updated = await findOrgById(database().db, existing.id);
      expect(updated).toMatchObject({
        name: '新名',
        areaPath: tree.grids[1].path,
        tags: ['exporter'],
        version: 2,
      });
    });
  });
});
