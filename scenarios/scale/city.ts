// A synthetic city of any size on top of the pinghu-2020 area tree: households of 1–5 residents filed
// under the grids, deterministic by seed. Used by `npm run scenario` and the registry benchmarks.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../src/server/core/db/client.ts';
import type { PiiCipher } from '../../src/server/core/crypto/pii.ts';
import { areas } from '../../src/server/modules/areas/areas.tables.ts';
import { households, people } from '../../src/server/modules/people/people.tables.ts';
import { genderOfResidentId } from '../../src/shared/identifiers.ts';
import { stableId } from '../pinghu-2020/ids.ts';
import { MIGRANT_AREA_CODES } from '../pinghu-2020/names.ts';
import {
  birthDate,
  createRng,
  mobilePhone,
  personName,
  ResidentIdFactory,
  weighted,
} from '../pinghu-2020/random.ts';
import { personPii, PINGHU_AREA_CODE } from '../pinghu-2020/residents.ts';

export interface ScaleOptions {
  residents: number;
  seed: number;
  pii: PiiCipher;
  /** Called after every `progressEvery` people. */
  onProgress?: (done: number, elapsedSeconds: number) => void;
  progressEvery?: number;
}

export interface ScaleResult {
  people: number;
  households: number;
  seconds: number;
  rowsPerSecond: number;
}

const BATCH = 1000;
/** Rows per transaction: bounded memory, and a crash keeps what was committed. */
const CHUNK = 100_000;
/**
 * The demo's identity numbers use the first sequence numbers of each (area, birth date); the
 * generator starts above them so both fit in one database.
 */
const FIRST_SEQUENCE = 100;

export class AlreadyGeneratedError extends Error {}

export async function generateCity(db: Db, options: ScaleOptions): Promise<ScaleResult> {
  const { seed, pii } = options;
  const key = (what: string) => `scale:${seed}:${what}`;
  const marker = await db
    .select({ id: people.id })
    .from(people)
    .where(eq(people.id, stableId(key('person:0'))))
    .limit(1);
  if (marker.length > 0)
    throw new AlreadyGeneratedError(`this database already holds the synthetic city of seed ${seed}`);
  const grids = await db
    .select({ id: areas.id, path: areas.path })
    .from(areas)
    .where(and(eq(areas.level, 'grid'), eq(areas.active, true)))
    .orderBy(areas.path);
  if (grids.length === 0) throw new Error('no grids: load an area tree first');

  const rng = createRng(seed);
  const ids = new ResidentIdFactory(FIRST_SEQUENCE);
  const started = Date.now();
  const progressEvery = options.progressEvery ?? 100_000;
  let done = 0;
  let householdCount = 0;
  let nextProgress = progressEvery;

  while (done < options.residents) {
    const chunkEnd = Math.min(options.residents, done + CHUNK);
    await db.transaction(async (tx) => {
      let householdBatch: (typeof households.$inferInsert)[] = [];
      let peopleBatch: (typeof people.$inferInsert)[] = [];
      const flush = async () => {
        // Households first: people reference them.
        if (householdBatch.length > 0) await tx.insert(households).values(householdBatch);
        if (peopleBatch.length > 0) await tx.insert(people).values(peopleBatch);
        householdBatch = [];
        peopleBatch = [];
      };
      while (done < chunkEnd) {
        const grid = rng.pick(grids);
        const residentType = weighted(rng, [
          ['registered', 75],
          ['migrant', 20],
          ['tenant', 5],
        ] as const);
        const areaCode = residentType === 'registered' ? PINGHU_AREA_CODE : rng.pick(MIGRANT_AREA_CODES);
        const size = Math.min(chunkEnd - done, rng.int(1, 5));
        const householdId = stableId(key(`household:${householdCount}`));
        householdBatch.push({
          id: householdId,
          areaId: grid.id,
          areaPath: grid.path,
          residentType,
          singleRenter: residentType !== 'registered' && size === 1,
        });
        householdCount++;
        for (let m = 0; m < size; m++) {
          const birth = m < 2 ? birthDate(rng, 1935, 2000) : birthDate(rng, 1990, 2019);
          const idNumber = ids.next(areaCode, birth, rng.chance(0.5) ? 'male' : 'female');
          const age = 2020 - Number(birth.slice(0, 4));
          const groups = age >= 60 ? (size === 1 && age >= 75 ? ['elderly_alone'] : ['elderly']) : [];
          peopleBatch.push({
            id: stableId(key(`person:${done}`)),
            name: personName(rng),
            ...personPii(pii, idNumber, age >= 16 ? mobilePhone(rng) : null),
            gender: genderOfResidentId(idNumber),
            birthDate: birth,
            areaId: grid.id,
            areaPath: grid.path,
            householdId,
            householdRole: m === 0 ? 'head' : 'member',
            residentType,
            specialGroups: groups,
          });
          done++;
        }
        if (peopleBatch.length >= BATCH) await flush();
        if (done >= nextProgress) {
          options.onProgress?.(done, (Date.now() - started) / 1000);
          nextProgress += progressEvery;
        }
      }
      await flush();
    });
  }
  const seconds = (Date.now() - started) / 1000;
  return {
    people: done,
    households: householdCount,
    seconds,
    rowsPerSecond: Math.round((done + householdCount) / Math.max(seconds, 0.001)),
  };
}

/** Fresh planner statistics after a bulk load, so the first queries use the indexes. */
export async function analyseRegistries(db: Db): Promise<void> {
  await db.execute(sql`analyze people`);
  await db.execute(sql`analyze households`);
}
