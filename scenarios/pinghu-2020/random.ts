// Deterministic generators for the demo and the scale city: one seeded PRNG drives every choice, so the
// same seed gives the same rows (ids come from stableId, never from the database).
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../src/server/core/db/client.ts';
import { creditCodeWithCheck, residentIdWithCheck } from '../../src/shared/identifiers.ts';
import { GIVEN_CHARS, SURNAMES } from './names.ts';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: tiny, fast, good enough for synthetic data, identical on every platform. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
  };
}

/** Picks by weight; weights need not sum to 1. */
export function weighted<T>(rng: Rng, entries: ReadonlyArray<readonly [T, number]>): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [value, w] of entries) {
    x -= w;
    if (x < 0) return value;
  }
  return (entries.at(-1) as readonly [T, number])[0];
}

export function personName(rng: Rng): string {
  const surname = rng.pick(SURNAMES);
  const given = rng.chance(0.7) ? rng.pick(GIVEN_CHARS) + rng.pick(GIVEN_CHARS) : rng.pick(GIVEN_CHARS);
  return surname + given;
}

export function mobilePhone(rng: Rng): string {
  const prefix = rng.pick(['13', '15', '17', '18', '19']);
  return `${prefix}${rng.int(0, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** A birth date between the two years, as YYYY-MM-DD (day ≤ 28 keeps every month valid). */
export function birthDate(rng: Rng, fromYear: number, toYear: number): string {
  return isoDate(rng.int(fromYear, toYear), rng.int(1, 12), rng.int(1, 28));
}

/**
 * Resident identity numbers, unique by construction: a sequence per (area code, birth date) fills
 * positions 15–17, the gender digit included, so no retry loop is needed even for a million people.
 */
export class ResidentIdFactory {
  private readonly seq = new Map<string, number>();

  /** Generators sharing a database start at different sequence numbers so their numbers never meet. */
  constructor(private readonly firstSequence = 0) {}

  next(areaCode: string, birth: string, gender: 'male' | 'female'): string {
    const date = birth.replaceAll('-', '');
    const key = areaCode + date;
    const n = this.seq.get(key) ?? this.firstSequence;
    this.seq.set(key, n + 1);
    // 500 values per gender and key: 3 digits whose last is odd for men, even for women.
    const serial = n * 2 + (gender === 'male' ? 1 : 0);
    if (serial > 999)
      throw new Error(`identity numbers exhausted for ${gender} people born ${birth} in ${areaCode}`);
    return residentIdWithCheck(`${areaCode}${date}${pad(serial, 3)}`);
  }
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** 统一社会信用代码 with a valid check character, unique within one factory. */
export class CreditCodeFactory {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Rng) {}

  /** '91' companies, '92' individual businesses (个体工商户), '93' farmers' cooperatives. */
  next(prefix: '91' | '92' | '93', areaCode = '330482'): string {
    for (;;) {
      let body = '';
      for (let i = 0; i < 9; i++) body += CREDIT_CHARS[this.rng.int(0, 30)];
      const code = creditCodeWithCheck(`${prefix}${areaCode}${body}`);
      if (!this.used.has(code)) {
        this.used.add(code);
        return code;
      }
    }
  }

  reserve(code: string): void {
    this.used.add(code);
  }
}

/** Multi-row INSERTs of `size` rows: one round trip per thousand rows instead of one per row. */
export async function insertInBatches<T extends PgTable>(
  db: Db,
  table: T,
  rows: PgInsertValue<T>[],
  size = 1000,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await db.insert(table).values(rows.slice(i, i + size));
}
