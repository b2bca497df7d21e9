// The daily briefing for the leadership: the figures of one area and day read from the rollups
// (metric-values.ts, the dashboard's own read side), laid out by briefing.rules.ts and printed by
// briefing.pdf.ts. Nothing scans raw rows: one statement for the key figures, one per laggard list.
import { AppError } from '../../core/errors.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import { reportingDay } from '../../../shared/record-forms.ts';
import type { MetricKey } from '../../../shared/dashboard.ts';
import * as repo from './dashboard.repo.ts';
import { maySeeArea } from './dashboard.policy.ts';
import { metricByChild, metricValues } from './metric-values.ts';
import { renderBriefingPdf } from './briefing.pdf.ts';
import {
  BRIEFING_METRICS,
  briefingDocument,
  LAGGARD_METRICS,
  previousDay,
  type BriefingFigures,
  type ChildReading,
} from './briefing.rules.ts';
import type { BriefingQueryInput } from './briefing.schema.ts';
import { listTargets } from './targets.service.ts';
import { anyTarget } from './briefing.repo.ts';

/**
 * Daily records' metrics, whose latest cell tells the latest day with figures. Not the cases': open
 * problems are dated up to today even in a historical city, and a briefing of today's queue alone
 * would be empty of everything else.
 */
const DAY_PROBES: readonly MetricKey[] = ['enterprise_reports', 'screenings_done', 'checkpoint_passes'];
/** Targets printed (the soonest due first, as the targets list orders them). */
const TARGETS_SHOWN = 20;

/** The area asked about (in scope, else 404 as if missing), or the actor's own area. */
async function areaOf(ctx: ServiceContext, areaId: string | undefined): Promise<repo.AreaRefRow> {
  const area =
    areaId !== undefined
      ? await repo.areaById(ctx.db, areaId)
      : ctx.actor.scopePath !== null
        ? await repo.areaByPath(ctx.db, ctx.actor.scopePath)
        : await repo.rootArea(ctx.db);
  if (!area || !maySeeArea(ctx.actor, area.path)) throw new AppError('not_found');
  return area;
}

/** Reads the briefing's figures for the area and day. */
export async function briefingFigures(
  ctx: ServiceContext,
  query: BriefingQueryInput,
  now = new Date(),
): Promise<BriefingFigures> {
  const area = await areaOf(ctx, query.areaId);
  const today = reportingDay(now);
  const day = query.day ?? (await repo.latestCellDay(ctx.db, DAY_PROBES, area.path, today)) ?? today;
  const before = previousDay(day);
  const city = await repo.areaByPath(ctx.db, area.path.split('.')[0] as string);

  const readings = await metricValues(ctx.db, BRIEFING_METRICS, { areaPath: area.path }, [
    { from: day, to: day },
    { from: before, to: before },
  ]);
  const metrics = BRIEFING_METRICS.map((key) => {
    const [current, previous] = readings.get(key) ?? [];
    return { key, value: current?.value ?? null, previous: previous?.value ?? null };
  });

  // Child areas proper (towns, communities, grids): places hung off a town are not ranked.
  const children = (await repo.childAreas(ctx.db, area.id, area.depth + 1)).filter(
    (c) => c.level !== 'place',
  );
  const childReadings = await Promise.all(
    LAGGARD_METRICS.map(async (metric) => {
      if (children.length === 0) return { metric, rows: [] as ChildReading[] };
      const byPath = await metricByChild(ctx.db, metric, {
        areaPath: area.path,
        childDepth: area.depth + 1,
        from: day,
        to: day,
      });
      const rows = children.map((child): ChildReading => {
        const reading = byPath.get(child.path);
        return {
          name: child.name,
          value: reading?.value ?? null,
          numerator: reading?.numerator ?? null,
          denominator: reading?.denominator ?? null,
        };
      });
      return { metric, rows };
    }),
  );

  const targets = (await anyTarget(ctx.db))
    ? (await listTargets(ctx, { areaId: area.id, limit: TARGETS_SHOWN }, now)).items
    : null;

  return {
    cityName: city?.name ?? area.name,
    area: { name: area.name, level: area.level },
    day,
    generatedAt: now,
    metrics,
    children: childReadings,
    targets,
    structure: await repo.structureCounts(ctx.db, area.path),
  };
}

/** The briefing as a PDF, with the file name it is offered under. */
export async function dailyBriefingPdf(
  ctx: ServiceContext,
  query: BriefingQueryInput,
  now = new Date(),
): Promise<{ pdf: Buffer; filename: string }> {
  const figures = await briefingFigures(ctx, query, now);
  const pdf = await renderBriefingPdf(briefingDocument(figures, query.lang ?? 'zh'));
  return { pdf, filename: `briefing-${figures.day}.pdf` };
}
