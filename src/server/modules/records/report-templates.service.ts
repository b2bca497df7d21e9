import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { assertInScope } from '../../core/access/policy.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { AppError, type Locale } from '../../core/errors.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import { neutraliseCell } from '../../core/spreadsheet/export.ts';
import type { FieldSpec } from '../../../shared/form-fields.ts';
import { reportingDay, type TemplateColumn } from '../../../shared/record-forms.ts';
import { findAreaRef, findByPaths } from '../areas/areas.repo.ts';
import * as repo from './report-templates.repo.ts';
import {
  GROUP_LABEL,
  MAX_SUBJECT_ROWS,
  columnErrors,
  reportWindow,
  roundValue,
  type TemplateGroup,
} from './report-templates.rules.ts';
import type {
  CreateTemplateInput,
  ReportDto,
  ReportQueryInput,
  TemplateDto,
  UpdateTemplateInput,
} from './report-templates.schema.ts';

function toDto(row: repo.TemplateRow): TemplateDto {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    department: row.department,
    formKey: row.formKey,
    groupBy: row.groupBy,
    columns: row.columns,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listTemplates(
  ctx: ServiceContext,
  includeInactive: boolean,
): Promise<{ items: TemplateDto[] }> {
  return { items: (await repo.listTemplates(ctx.db, includeInactive)).map(toDto) };
}

/**
 * The fields a template may aggregate: every version's, the newest definition of a key winning, so a
 * column keeps working over records made under an older version.
 */
function fieldsOfVersions(versions: FieldSpec[][]): FieldSpec[] {
  const byKey = new Map<string, FieldSpec>();
  for (const fields of versions) for (const f of fields) if (!byKey.has(f.key)) byKey.set(f.key, f);
  return [...byKey.values()];
}

async function checkColumns(ctx: ServiceContext, formKey: string, columns: TemplateColumn[]): Promise<void> {
  const versions = await repo.formFieldVersions(ctx.db, formKey);
  if (versions.length === 0)
    throw new AppError('validation_failed', [
      { field: 'formKey', reason: { zh: '没有这个表单', en: 'is not a known form' } },
    ]);
  const errors = columnErrors(fieldsOfVersions(versions), columns);
  if (errors.length > 0) throw new AppError('validation_failed', errors);
}

export async function createTemplate(ctx: ServiceContext, input: CreateTemplateInput): Promise<TemplateDto> {
  const columns = input.columns as TemplateColumn[];
  await checkColumns(ctx, input.formKey, columns);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertTemplate(tx, {
      key: input.key,
      name: input.name,
      department: input.department,
      formKey: input.formKey,
      groupBy: input.groupBy,
      columns,
      active: input.active ?? true,
    });
    if (!row)
      throw new AppError('conflict', [
        { field: 'key', reason: { zh: '已有同代码的报表', en: 'is used by another template' } },
      ]);
    const dto = toDto(row);
    await recordAudit(tx, ctx.who, {
      action: 'report_template.create',
      entityType: 'report_template',
      entityId: row.id,
      after: dto,
    });
    return dto;
  });
}

export async function updateTemplate(
  ctx: ServiceContext,
  id: string,
  input: UpdateTemplateInput,
): Promise<TemplateDto> {
  const current = await repo.findTemplateById(ctx.db, id);
  if (!current) throw new AppError('not_found');
  const formKey = input.formKey ?? current.formKey;
  const columns = (input.columns ?? current.columns) as TemplateColumn[];
  if (input.formKey !== undefined || input.columns !== undefined) await checkColumns(ctx, formKey, columns);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.updateTemplate(tx, id, {
      ...(input.name && { name: input.name }),
      ...(input.department && { department: input.department }),
      ...(input.groupBy && { groupBy: input.groupBy }),
      ...(input.active !== undefined && { active: input.active }),
      formKey,
      columns,
    });
    if (!row) throw new AppError('not_found');
    const dto = toDto(row);
    await recordAudit(tx, ctx.who, {
      action: 'report_template.update',
      entityType: 'report_template',
      entityId: id,
      before: toDto(current),
      after: dto,
    });
    return dto;
  });
}

// ── the report ───────────────────────────────────────────────────────────────

async function reportArea(
  ctx: ServiceContext,
  areaId: string | undefined,
): Promise<{ rootPath: string | null; area: ReportDto['area'] }> {
  if (areaId !== undefined) {
    const area = await findAreaRef(ctx.db, areaId);
    assertInScope(ctx.actor, area?.path);
    if (!area) throw new AppError('not_found');
    return { rootPath: area.path, area: { id: area.id, name: area.name, path: area.path } };
  }
  if (ctx.actor.scopePath === null) return { rootPath: null, area: null };
  const [scope] = await findByPaths(ctx.db, [ctx.actor.scopePath]);
  return {
    rootPath: ctx.actor.scopePath,
    area: scope ? { id: scope.id, name: scope.name, path: scope.path } : null,
  };
}

/**
 * A template's sheet: its columns aggregated over the current records of its form in the day range,
 * one row per area at the template's level (or per subject) within the actor's area, and the totals.
 */
export async function buildReport(
  ctx: ServiceContext,
  key: string,
  query: ReportQueryInput,
  now = new Date(),
): Promise<ReportDto> {
  const template = await repo.findTemplateByKey(ctx.db, key);
  if (!template) throw new AppError('not_found');
  const { rootPath, area } = await reportArea(ctx, query.areaId);
  const window = reportWindow(query, reportingDay(now));
  if ('field' in window) throw new AppError('validation_failed', [window]);
  const columns = template.columns;
  const scan = {
    formKey: template.formKey,
    groupBy: template.groupBy,
    columns,
    from: window.from,
    to: window.to,
    rootPath,
  };
  if (
    template.groupBy === 'subject' &&
    (await repo.countSubjectsUpTo(ctx.db, scan, MAX_SUBJECT_ROWS)) > MAX_SUBJECT_ROWS
  )
    throw new AppError('validation_failed', [
      {
        field: 'areaId',
        reason: {
          zh: `超过 ${MAX_SUBJECT_ROWS} 个对象，请选择更小的区域`,
          en: `covers more than ${MAX_SUBJECT_ROWS} subjects; choose a smaller area`,
        },
      },
    ]);
  const aggregated = await repo.aggregate(ctx.db, scan);
  const valuesOf = (values: (number | null)[]) =>
    Object.fromEntries(columns.map((c, i) => [c.key, roundValue(c, values[i] ?? null)]));

  const groups = aggregated.filter((r): r is repo.AggregateRow & { groupKey: string } => r.groupKey !== null);
  const keys = groups.map((g) => g.groupKey);
  const names =
    template.groupBy === 'subject'
      ? await repo.subjectGroupNames(ctx.db, keys)
      : await repo.areaGroupNames(ctx.db, keys);
  const byKey = new Map(names.map((n) => [n.key, n]));
  const rows = groups
    .map((g) => {
      const name = byKey.get(g.groupKey);
      return {
        sort: name?.sortOrder ?? 0,
        group: {
          id: name?.id ?? g.groupKey,
          name: name?.name ?? g.groupKey,
          path: template.groupBy === 'subject' ? null : g.groupKey,
        },
        values: valuesOf(g.values),
      };
    })
    .sort(
      (a, b) => a.sort - b.sort || (a.group.path ?? a.group.name).localeCompare(b.group.path ?? b.group.name),
    )
    .map(({ group, values }) => ({ group, values }));
  const total = aggregated.find((r) => r.groupKey === null);
  // With no records the totals row still comes back (grouping set ()); counts are 0, the rest null.
  return {
    template: toDto(template),
    from: window.from,
    to: window.to,
    area,
    columns: columns.map((c) => ({ key: c.key, label: c.label })),
    rows,
    totals: valuesOf(total?.values ?? columns.map(() => null)),
  };
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The sheet as xlsx: a title row (template, range, area), the header row, a row per group, the totals. */
export async function sendReportXlsx(
  ctx: ServiceContext,
  key: string,
  query: ReportQueryInput,
  reply: FastifyReply,
  locale: Locale,
): Promise<FastifyReply> {
  const report = await buildReport(ctx, key, query);
  const zh = locale === 'zh-CN';
  const name = zh ? report.template.name.zh : report.template.name.en;
  const range = report.from === report.to ? report.from : `${report.from} ${zh ? '至' : 'to'} ${report.to}`;
  const areaName = report.area?.name ?? (zh ? '全部' : 'All areas');
  const groupLabel = GROUP_LABEL[report.template.groupBy as TemplateGroup];

  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'report');
  const width = report.columns.length + 1;
  sheet.addRow([neutraliseCell(`${name}  ${range}  ${areaName}`)]);
  sheet.mergeCells(1, 1, 1, width);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.addRow([
    neutraliseCell(zh ? groupLabel.zh : groupLabel.en),
    ...report.columns.map((c) => neutraliseCell(zh ? c.label.zh : c.label.en)),
  ]);
  sheet.getRow(2).font = { bold: true };
  for (const row of report.rows)
    sheet.addRow([
      neutraliseCell(row.group.name),
      ...report.columns.map((c) => neutraliseCell(row.values[c.key])),
    ]);
  const totalsRow = sheet.addRow([
    zh ? '合计' : 'Total',
    ...report.columns.map((c) => neutraliseCell(report.totals[c.key])),
  ]);
  totalsRow.font = { bold: true };
  sheet.getColumn(1).width = 24;
  for (let i = 2; i <= width; i++) sheet.getColumn(i).width = 16;
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  const fileName = `${name}-${report.from}${report.from === report.to ? '' : `_${report.to}`}.xlsx`;
  return reply
    .header('content-type', XLSX_TYPE)
    .header(
      'content-disposition',
      `attachment; filename="report.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .send(body);
}
