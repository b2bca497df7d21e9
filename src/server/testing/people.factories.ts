import { randomInt } from 'node:crypto';
import type { Db } from '../core/db/client.ts';
import { testPiiCipher } from '../core/crypto/pii.ts';
import { insertAreas, type AreaRow } from '../modules/areas/areas.repo.ts';
import {
  insertDwelling,
  insertHousehold,
  insertPerson,
  type DwellingRow,
  type HouseholdRow,
  type PersonRow,
} from '../modules/people/people.repo.ts';
import { piiColumns } from '../modules/people/people.service.ts';
import { sampleResidentId } from '../modules/people/people.rules.ts';
import { birthDateOfResidentId, genderOfResidentId } from '../../shared/identifiers.ts';

/** A valid resident ID no other test uses: random birth day and sequence. */
export function randomResidentId(birth?: string): string {
  const day =
    birth ??
    `${1950 + randomInt(60)}-${String(1 + randomInt(12)).padStart(2, '0')}-${String(1 + randomInt(28)).padStart(2, '0')}`;
  return sampleResidentId('330482', day, String(randomInt(1000)).padStart(3, '0'));
}

export function randomMobile(): string {
  return `13${randomInt(10)}${String(randomInt(100_000_000)).padStart(8, '0')}`;
}

/** A person stored the way the API stores one (same test PII key as createTestApp). */
export async function createPerson(
  db: Db,
  area: Pick<AreaRow, 'id' | 'path'>,
  options: {
    name?: string;
    idNumber?: string | null;
    phone?: string | null;
    residentType?: string;
    specialGroups?: string[];
    householdId?: string | null;
    householdRole?: 'head' | 'member' | null;
  } = {},
): Promise<PersonRow> {
  const idNumber = options.idNumber === undefined ? randomResidentId() : options.idNumber;
  const phone = options.phone === undefined ? randomMobile() : options.phone;
  return insertPerson(db, {
    name: options.name ?? '测试人员',
    idType: 'resident_id',
    ...piiColumns(testPiiCipher(), { idNumber, phone }),
    gender: idNumber ? genderOfResidentId(idNumber) : null,
    birthDate: idNumber ? birthDateOfResidentId(idNumber) : null,
    areaId: area.id,
    areaPath: area.path,
    residentType: options.residentType ?? 'registered',
    specialGroups: options.specialGroups ?? [],
    householdId: options.householdId ?? null,
    householdRole: options.householdRole ?? null,
  });
}

/** A residential compound (a place) under a grid. */
export async function createCompound(db: Db, grid: AreaRow, name = '测试小区'): Promise<AreaRow> {
  const code = `C${String(randomInt(1_000_000)).padStart(6, '0')}`;
  const [row] = await insertAreas(db, [
    {
      code,
      name,
      level: 'place',
      kind: 'residential_compound',
      parentId: grid.id,
      path: `${grid.path}.${code}`,
      depth: grid.depth + 1,
    },
  ]);
  if (!row) throw new Error('compound not inserted');
  return row;
}

export async function createDwelling(
  db: Db,
  compound: AreaRow,
  options: { building?: string; unit?: string; room?: string } = {},
): Promise<DwellingRow> {
  return insertDwelling(db, {
    compoundAreaId: compound.id,
    areaPath: compound.path,
    building: options.building ?? String(1 + randomInt(30)),
    unit: options.unit ?? String(1 + randomInt(4)),
    room: options.room ?? String(101 + randomInt(2000)),
  });
}

export async function createHousehold(
  db: Db,
  area: Pick<AreaRow, 'id' | 'path'>,
  options: { dwellingId?: string | null; residentType?: string; singleRenter?: boolean } = {},
): Promise<HouseholdRow> {
  return insertHousehold(db, {
    areaId: area.id,
    areaPath: area.path,
    dwellingId: options.dwellingId ?? null,
    residentType: options.residentType ?? 'registered',
    singleRenter: options.singleRenter ?? false,
  });
}
