import { and, desc, eq, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { escapeLike, withinScope } from '../../core/db/path-sql.ts';
import { users } from '../../core/db/core.tables.ts';
import { areas } from '../areas/areas.tables.ts';
import { people } from '../people/people.tables.ts';
import { screenings } from './records.tables.ts';

export type ScreeningRow = typeof screenings.$inferSelect;

export interface ScreeningListRow extends ScreeningRow {
  personName: string;
  areaName: string | null;
  createdByName: string | null;
}

/** The person's row locked for the transaction (two screenings of one person never race), with their area. */
export async function lockPerson(
  db: Db,
  personId: string,
): Promise<{ id: string; name: string; areaPath: string } | undefined> {
  const found = await db
    .select({ id: people.id, name: people.name, areaPath: people.areaPath })
    .from(people)
    .where(eq(people.id, personId))
    .for('update');
  return found[0];
}

/** A screening of the person sharing at least one day with [fromDay, untilDay] (null: open-ended). */
export async function findOverlapping(
  db: Db,
  personId: string,
  fromDay: string,
  untilDay: string | null,
): Promise<ScreeningRow | undefined> {
  const found = await db
    .select()
    .from(screenings)
    .where(
      and(
        eq(screenings.personId, personId),
        untilDay === null ? undefined : sql`${screenings.fromDay} <= ${untilDay}::date`,
        sql`coalesce(${screenings.untilDay}, 'infinity'::date) >= ${fromDay}::date`,
      ),
    )
    .limit(1);
  return found[0];
}

export async function insertScreening(db: Db, row: typeof screenings.$inferInsert): Promise<ScreeningRow> {
  const [saved] = await db.insert(screenings).values(row).returning();
  if (!saved) throw new Error('screening not inserted');
  return saved;
}

export async function lockScreening(db: Db, id: string): Promise<ScreeningRow | undefined> {
  const found = await db.select().from(screenings).where(eq(screenings.id, id)).for('update');
  return found[0];
}

export async function setUntilDay(db: Db, id: string, untilDay: string): Promise<ScreeningRow> {
  const [saved] = await db.update(screenings).set({ untilDay }).where(eq(screenings.id, id)).returning();
  if (!saved) throw new Error('screening not updated');
  return saved;
}

/** Latest start first, in the subtree, optionally only those covering (or not covering) `today`. */
export async function listScreenings(
  db: Db,
  input: {
    rootPath: string | null;
    today: string;
    active?: boolean;
    q?: string;
    after?: { fromDay: string; id: string };
    limit: number;
  },
): Promise<ScreeningListRow[]> {
  const covering = sql`(${screenings.fromDay} <= ${input.today}::date and coalesce(${screenings.untilDay}, ${input.today}::date) >= ${input.today}::date)`;
  const conditions: (SQL | undefined)[] = [
    withinScope(screenings.areaPath, input.rootPath),
    input.active === undefined ? undefined : input.active ? covering : sql`not ${covering}`,
    input.q ? ilike(people.name, `%${escapeLike(input.q)}%`) : undefined,
    input.after
      ? or(
          lt(screenings.fromDay, input.after.fromDay),
          and(eq(screenings.fromDay, input.after.fromDay), lt(screenings.id, input.after.id)),
        )
      : undefined,
  ];
  const found = await db
    .select({
      screening: screenings,
      personName: people.name,
      areaName: areas.name,
      createdByName: users.displayName,
    })
    .from(screenings)
    .innerJoin(people, eq(people.id, screenings.personId))
    .leftJoin(areas, eq(areas.id, people.areaId))
    .leftJoin(users, eq(users.id, screenings.createdBy))
    .where(and(...conditions))
    .orderBy(desc(screenings.fromDay), desc(screenings.id))
    .limit(input.limit + 1);
  return found.map((r) => ({
    ...r.screening,
    personName: r.personName,
    areaName: r.areaName,
    createdByName: r.createdByName,
  }));
}

export async function findScreeningView(db: Db, id: string): Promise<ScreeningListRow | undefined> {
  const found = await db
    .select({
      screening: screenings,
      personName: people.name,
      areaName: areas.name,
      createdByName: users.displayName,
    })
    .from(screenings)
    .innerJoin(people, eq(people.id, screenings.personId))
    .leftJoin(areas, eq(areas.id, people.areaId))
    .leftJoin(users, eq(users.id, screenings.createdBy))
    .where(eq(screenings.id, id))
    .limit(1);
  const r = found[0];
  return r
    ? { ...r.screening, personName: r.personName, areaName: r.areaName, createdByName: r.createdByName }
    : undefined;
}
