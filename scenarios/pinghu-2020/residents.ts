// The demo's people: 凤凰社区's 4,300 migrant tenant households (2,150 renting alone), each tied to a
// landlord who owns 1–6 of them; 水洧埭社区's registered residents; and a sample in every other
// community so no list is empty. Identity numbers and phones are stored encrypted, hashed and masked only.
import type { Db } from '../../src/server/core/db/client.ts';
import type { PiiCipher } from '../../src/server/core/crypto/pii.ts';
import { dwellings, households, people, tenancies } from '../../src/server/modules/people/people.tables.ts';
import { genderOfResidentId, maskIdNumber, maskPhone } from '../../src/shared/identifiers.ts';
import type { AreaIndex, AreaRef } from './area-index.ts';
import { stableId } from './ids.ts';
import { MIGRANT_AREA_CODES } from './names.ts';
import {
  birthDate,
  insertInBatches,
  isoDate,
  mobilePhone,
  personName,
  ResidentIdFactory,
  weighted,
  type Rng,
} from './random.ts';

type PersonRow = typeof people.$inferInsert;
type HouseholdRow = typeof households.$inferInsert;
type DwellingRow = typeof dwellings.$inferInsert;
type TenancyRow = typeof tenancies.$inferInsert;

export const FENGHUANG_TENANT_HOUSEHOLDS = 4300;
export const FENGHUANG_SINGLE_RENTERS = 2150;
export const PINGHU_AREA_CODE = '330482';

export interface ResidentContext {
  areas: AreaIndex;
  pii: PiiCipher;
  rng: Rng;
}

export interface Residents {
  peopleRows: PersonRow[];
  householdRows: HouseholdRow[];
  dwellingRows: DwellingRow[];
  tenancyRows: TenancyRow[];
}

/** Encrypted, hashed and masked columns for a clear identity number and phone; nothing else keeps them. */
export function personPii(pii: PiiCipher, idNumber: string, phone: string | null) {
  return {
    idNumberEnc: pii.encrypt(idNumber),
    idNumberHash: pii.lookupHash(idNumber),
    idNumberMasked: maskIdNumber(idNumber),
    phoneEnc: phone ? pii.encrypt(phone) : null,
    phoneHash: phone ? pii.lookupHash(phone) : null,
    phoneMasked: phone ? maskPhone(phone) : null,
  };
}

const AGE_REFERENCE_YEAR = 2020;

export function buildResidents(ctx: ResidentContext): Residents {
  const { areas, pii, rng } = ctx;
  const ids = new ResidentIdFactory();
  const out: Residents = { peopleRows: [], householdRows: [], dwellingRows: [], tenancyRows: [] };

  const addPerson = (
    key: string,
    f: {
      area: AreaRef;
      householdId: string | null;
      role: 'head' | 'member' | null;
      residentType: string;
      areaCode: string;
      fromYear: number;
      toYear: number;
      groups?: string[];
    },
  ) => {
    const birth = birthDate(rng, f.fromYear, f.toYear);
    const idNumber = ids.next(f.areaCode, birth, rng.chance(0.5) ? 'male' : 'female');
    const adult = AGE_REFERENCE_YEAR - Number(birth.slice(0, 4)) >= 16;
    const age = AGE_REFERENCE_YEAR - Number(birth.slice(0, 4));
    const groups = [...(f.groups ?? [])];
    if (age >= 60 && !groups.includes('elderly_alone')) groups.push('elderly');
    const id = stableId(`person:${key}`);
    out.peopleRows.push({
      id,
      name: personName(rng),
      idType: 'resident_id',
      ...personPii(pii, idNumber, adult ? mobilePhone(rng) : null),
      gender: genderOfResidentId(idNumber),
      birthDate: birth,
      areaId: f.area.id,
      areaPath: f.area.path,
      householdId: f.householdId,
      householdRole: f.role,
      residentType: f.residentType,
      specialGroups: groups,
    });
    return id;
  };

  /** Rooms handed out in order: building, unit 1–3, floors 1–6, rooms 01–04. */
  const roomCursor = new Map<string, number>();
  const addDwelling = (compound: AreaRef) => {
    const n = roomCursor.get(compound.id) ?? 0;
    roomCursor.set(compound.id, n + 1);
    const building = `${Math.floor(n / 72) + 1}幢`;
    const unit = `${Math.floor((n % 72) / 24) + 1}单元`;
    const room = `${Math.floor((n % 24) / 4) + 1}0${(n % 4) + 1}`;
    const id = stableId(`dwelling:${compound.path}:${n}`);
    out.dwellingRows.push({
      id,
      compoundAreaId: compound.id,
      areaPath: compound.path,
      building,
      unit,
      room,
      address: `${compound.name}${building}${unit}${room}室`,
    });
    return id;
  };
  const addHousehold = (
    key: string,
    area: AreaRef,
    dwellingId: string | null,
    residentType: string,
    single = false,
  ) => {
    const id = stableId(`household:${key}`);
    out.householdRows.push({
      id,
      areaId: area.id,
      areaPath: area.path,
      dwellingId,
      residentType,
      singleRenter: single,
    });
    return id;
  };
  /** A registered family: a head, maybe a spouse, children or a parent. */
  const addFamily = (key: string, area: AreaRef, dwellingId: string | null, size: number) => {
    const householdId = addHousehold(key, area, dwellingId, 'registered');
    const base = { area, householdId, residentType: 'registered', areaCode: PINGHU_AREA_CODE };
    addPerson(`${key}:0`, { ...base, role: 'head', fromYear: 1950, toYear: 1992 });
    for (let m = 1; m < size; m++) {
      const span = m === 1 ? [1950, 1994] : rng.chance(0.7) ? [1995, 2019] : [1935, 1955];
      addPerson(`${key}:${m}`, {
        ...base,
        role: 'member',
        fromYear: span[0] as number,
        toYear: span[1] as number,
      });
    }
  };

  // ── 凤凰社区: tenant households, landlords ──
  const fenghuang = areas.get('凤凰社区');
  const compounds = areas.childrenOf(fenghuang, 'place', 'residential_compound');
  if (compounds.length === 0) throw new Error('凤凰社区 has no residential compounds');
  let tenantIndex = 0;
  let landlordIndex = 0;
  while (tenantIndex < FENGHUANG_TENANT_HOUSEHOLDS) {
    const compound = compounds[landlordIndex % compounds.length] as AreaRef;
    const landlordKey = `fenghuang:landlord:${landlordIndex}`;
    const landlordHousehold = addHousehold(landlordKey, compound, addDwelling(compound), 'registered');
    const landlordId = addPerson(landlordKey, {
      area: compound,
      householdId: landlordHousehold,
      role: 'head',
      residentType: 'registered',
      areaCode: PINGHU_AREA_CODE,
      fromYear: 1945,
      toYear: 1985,
    });
    landlordIndex++;
    const owned = Math.min(
      weighted(rng, [
        [1, 30],
        [2, 25],
        [3, 18],
        [4, 12],
        [5, 8],
        [6, 7],
      ] as const),
      FENGHUANG_TENANT_HOUSEHOLDS - tenantIndex,
    );
    for (let k = 0; k < owned; k++, tenantIndex++) {
      // Every other household rents alone: exactly 2,150 of 4,300.
      const single = tenantIndex % 2 === 0;
      const key = `fenghuang:tenant:${tenantIndex}`;
      const dwellingId = addDwelling(compound);
      const householdId = addHousehold(key, compound, dwellingId, 'tenant', single);
      const areaCode = rng.pick(MIGRANT_AREA_CODES);
      const base = { area: compound, householdId, residentType: 'tenant', areaCode };
      addPerson(`${key}:0`, { ...base, role: 'head', fromYear: 1965, toYear: 2000 });
      const size = single ? 1 : rng.int(2, 4);
      for (let m = 1; m < size; m++) {
        const span = m === 1 ? [1965, 2000] : [2002, 2019];
        addPerson(`${key}:${m}`, {
          ...base,
          role: 'member',
          fromYear: span[0] as number,
          toYear: span[1] as number,
        });
      }
      out.tenancyRows.push({
        id: stableId(`tenancy:${key}`),
        landlordId,
        householdId,
        dwellingId,
        areaPath: compound.path,
        startDate: isoDate(rng.int(2015, 2019), rng.int(1, 12), rng.int(1, 28)),
      });
    }
  }

  // ── 水洧埭社区: registered residents in its 14 compounds, some elderly living alone ──
  const shuiweidai = areas.get('水洧埭社区');
  const swdCompounds = areas.childrenOf(shuiweidai, 'place', 'residential_compound');
  for (let h = 0; h < 1000; h++) {
    const compound = swdCompounds[h % swdCompounds.length] as AreaRef;
    const key = `shuiweidai:${h}`;
    const dwellingId = addDwelling(compound);
    if (h % 16 === 5) {
      const householdId = addHousehold(key, compound, dwellingId, 'registered');
      addPerson(`${key}:0`, {
        area: compound,
        householdId,
        role: 'head',
        residentType: 'registered',
        areaCode: PINGHU_AREA_CODE,
        fromYear: 1928,
        toYear: 1944,
        groups: ['elderly_alone'],
      });
      continue;
    }
    addFamily(key, compound, dwellingId, rng.int(1, 5));
  }

  // ── a sample in every other community and village, filed under its grids ──
  for (const community of areas.ofLevel('community')) {
    if (community.id === fenghuang.id || community.id === shuiweidai.id) continue;
    const grids = areas.gridsUnder(community);
    for (let h = 0; h < 9; h++) {
      const grid = grids[h % grids.length] as AreaRef;
      const key = `sample:${community.path}:${h}`;
      if (h === 8) {
        const householdId = addHousehold(key, grid, null, 'registered');
        addPerson(`${key}:0`, {
          area: grid,
          householdId,
          role: 'head',
          residentType: 'registered',
          areaCode: PINGHU_AREA_CODE,
          fromYear: 1930,
          toYear: 1944,
          groups: ['elderly_alone'],
        });
      } else addFamily(key, grid, null, rng.int(1, 5));
    }
  }
  return out;
}

export async function insertResidents(db: Db, r: Residents): Promise<void> {
  await insertInBatches(db, dwellings, r.dwellingRows);
  await insertInBatches(db, households, r.householdRows);
  await insertInBatches(db, people, r.peopleRows);
  await insertInBatches(db, tenancies, r.tenancyRows);
}
