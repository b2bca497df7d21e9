import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createAreaTree, type TestTree } from '../../testing/factories.ts';
import { createPerson, randomResidentId } from '../../testing/people.factories.ts';
import { testPiiCipher } from '../../core/crypto/pii.ts';
import { findPersonById, upsertPeopleByIdHash, type NewPersonRow } from './people.repo.ts';
import { piiColumns } from './people.service.ts';

describeEachDatabase('people repo', (database) => {
  let tree: TestTree;
  beforeAll(async () => {
    tree = await createAreaTree(database().db);
  });

  describe('upsertPeopleByIdHash', () => {
    it('inserts new numbers, updates known ones, and says which per row', async () => {
      const pii = testPiiCipher();
      const knownId = randomResidentId();
      const existing = await createPerson(database().db, tree.grids[0], { idNumber: knownId, name: '旧名' });
      const row = (name: string, idNumber: string): NewPersonRow => ({
        name,
        idType: 'resident_id',
        ...piiColumns(pii, { idNumber, phone: null }),
        areaId: tree.grids[1].id,
        areaPath: tree.grids[1].path,
      });
      const fresh = Array.from({ length: 1_200 }, (_, i) => row(`导入${i}`, randomResidentId()));
      const unique = [...new Map(fresh.map((r) => [r.idNumberHash, r])).values()];
      const result = await database().db.transaction((tx) =>
        upsertPeopleByIdHash(tx, [row('新名', knownId), ...unique]),
      );
      expect(result).toHaveLength(unique.length + 1);
      expect(result[0]).toEqual({ id: existing.id, inserted: false });
      expect(result.slice(1).every((r) => r.inserted)).toBe(true);
      const updated = await findPersonById(database().db, existing.id);
      expect(updated).toMatchObject({ name: '新名', areaPath: tree.grids[1].path, version: 2 });
    });
  });
});
