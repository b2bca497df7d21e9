import { AppError, type LocalisedFieldError } from '../../core/errors.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { can, type Actor } from '../../core/access/policy.ts';
import { isUniqueViolation } from '../../core/db/path-sql.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import type { Db } from '../../core/db/client.ts';
import type { CaseFieldSpec as FieldSpec } from '../../../shared/form-fields.ts';
import type { CaseTypeRow } from './cases.tables.ts';
import * as repo from './case-types.repo.ts';
import {
  caseTypeDefinitionErrors,
  type CaseCategory,
  type CaseTypeSla,
  type SubjectKind,
  type Submitter,
} from './case-types.rules.ts';
import type { CaseTypeDto, CreateCaseTypeInput, UpdateCaseTypeInput } from './case-types.schema.ts';

/** A case type with its JSON columns typed (they are written only through validated bodies and seeds). */
export interface CaseTypeView {
  id: string;
  code: string;
  name: { zh: string; en: string };
  description: { zh: string; en: string };
  subjectKind: SubjectKind;
  fields: FieldSpec[];
  categories: CaseCategory[];
  defaultDepartmentCode: string | null;
  sla: CaseTypeSla;
  submitters: Submitter[];
  open311Code: string | null;
  sortOrder: number;
  active: boolean;
  version: number;
}

export function caseTypeView(row: CaseTypeRow): CaseTypeView {
  return {
    id: row.id,
    code: row.code,
    name: { zh: row.nameZh, en: row.nameEn },
    description: { zh: row.descriptionZh ?? '', en: row.descriptionEn ?? '' },
    subjectKind: row.subjectKind as SubjectKind,
    fields: row.fields as FieldSpec[],
    categories: row.categories as CaseCategory[],
    defaultDepartmentCode: row.defaultDepartmentCode,
    sla: row.sla as CaseTypeSla,
    submitters: row.submitters as Submitter[],
    open311Code: row.open311Code,
    sortOrder: row.sortOrder,
    active: row.active,
    version: row.version,
  };
}

function present(actor: Actor, row: CaseTypeRow): CaseTypeDto {
  return { ...caseTypeView(row), can: { update: can(actor, 'cases:admin') } };
}

/** The type by code for another module (open311 publishes its services from it). */
export async function loadCaseType(db: Db, code: string): Promise<CaseTypeView | undefined> {
  const row = await repo.findCaseTypeByCode(db, code);
  return row ? caseTypeView(row) : undefined;
}

export async function listCaseTypes(ctx: ServiceContext, includeInactive: boolean) {
  const rows = await repo.listCaseTypes(ctx.db, includeInactive && can(ctx.actor, 'cases:admin'));
  return { items: rows.map((r) => present(ctx.actor, r)) };
}

export async function getCaseType(ctx: ServiceContext, code: string) {
  const row = await repo.findCaseTypeByCode(ctx.db, code);
  if (!row || (!row.active && !can(ctx.actor, 'cases:admin'))) throw new AppError('not_found');
  return present(ctx.actor, row);
}

async function checkDefinition(
  db: Db,
  def: {
    fields?: FieldSpec[];
    categories?: CaseCategory[];
    sla?: CaseTypeSla;
    defaultDepartmentCode?: string | null;
  },
): Promise<void> {
  const errors: LocalisedFieldError[] = caseTypeDefinitionErrors(def);
  const wanted = [
    ...(def.defaultDepartmentCode ? [def.defaultDepartmentCode] : []),
    ...(def.categories ?? []).map((c) => c.departmentCode),
  ];
  const known = await repo.existingDepartmentCodes(db, wanted);
  if (def.defaultDepartmentCode && !known.has(def.defaultDepartmentCode))
    errors.push({ field: 'defaultDepartmentCode', reason: { zh: '部门不存在', en: 'no such department' } });
  (def.categories ?? []).forEach((c, i) => {
    if (!known.has(c.departmentCode))
      errors.push({
        field: `categories.${i}.departmentCode`,
        reason: { zh: '部门不存在', en: 'no such department' },
      });
  });
  if (errors.length > 0) throw new AppError('validation_failed', errors);
}

const duplicate = (field: string) =>
  new AppError('conflict', [
    { field, reason: { zh: '该编码已被其他事项类型使用', en: 'another case type already uses this code' } },
  ]);

const auditImage = (v: CaseTypeView) => ({
  code: v.code,
  name: v.name,
  subjectKind: v.subjectKind,
  fields: v.fields,
  categories: v.categories,
  defaultDepartmentCode: v.defaultDepartmentCode,
  sla: v.sla,
  submitters: v.submitters,
  open311Code: v.open311Code,
  active: v.active,
});

export async function createCaseType(ctx: ServiceContext, input: CreateCaseTypeInput) {
  await checkDefinition(ctx.db, input);
  try {
    return await ctx.db.transaction(async (tx) => {
      if (await repo.findCaseTypeByCode(tx, input.code)) throw duplicate('code');
      const row = await repo.insertCaseType(tx, {
        code: input.code,
        nameZh: input.name.zh.trim(),
        nameEn: input.name.en.trim(),
        descriptionZh: input.description?.zh ?? null,
        descriptionEn: input.description?.en ?? null,
        subjectKind: input.subjectKind,
        fields: input.fields,
        categories: input.categories ?? [],
        defaultDepartmentCode: input.defaultDepartmentCode ?? null,
        sla: input.sla,
        submitters: input.submitters,
        open311Code: input.open311Code ?? null,
        sortOrder: input.sortOrder ?? 1000,
        active: input.active ?? true,
      });
      await recordAudit(tx, ctx.who, {
        action: 'case_type.create',
        entityType: 'case_type',
        entityId: row.id,
        after: auditImage(caseTypeView(row)),
      });
      return present(ctx.actor, row);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'open311')) throw duplicate('open311Code');
    if (isUniqueViolation(error)) throw duplicate('code');
    throw error;
  }
}

export async function updateCaseType(ctx: ServiceContext, id: string, input: UpdateCaseTypeInput) {
  const current = await repo.findCaseType(ctx.db, id);
  if (!current) throw new AppError('not_found');
  await checkDefinition(ctx.db, input);
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await repo.updateCaseTypeAtVersion(tx, id, input.version, {
        nameZh: input.name?.zh.trim(),
        nameEn: input.name?.en.trim(),
        descriptionZh: input.description?.zh,
        descriptionEn: input.description?.en,
        subjectKind: input.subjectKind,
        fields: input.fields,
        categories: input.categories,
        defaultDepartmentCode: input.defaultDepartmentCode,
        sla: input.sla,
        submitters: input.submitters,
        open311Code: input.open311Code,
        sortOrder: input.sortOrder,
        active: input.active,
      });
      if (!row) throw staleVersion((await repo.findCaseType(tx, id))?.version ?? current.version);
      await recordAudit(tx, ctx.who, {
        action: 'case_type.update',
        entityType: 'case_type',
        entityId: id,
        before: auditImage(caseTypeView(current)),
        after: auditImage(caseTypeView(row)),
      });
      return present(ctx.actor, row);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'open311')) throw duplicate('open311Code');
    throw error;
  }
}

export const staleVersion = (current: number): AppError =>
  new AppError(
    'stale',
    [
      {
        field: 'version',
        reason: {
          zh: `该记录已被他人修改（当前版本 ${current}），请刷新后重试`,
          en: `the record was changed by someone else (now version ${current}); reload and try again`,
        },
      },
    ],
    { version: current },
  );
