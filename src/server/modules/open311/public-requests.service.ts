import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { Db } from '../../core/db/client.ts';
import type { PiiCipher } from '../../core/crypto/pii.ts';
import type { AuditActor } from '../../core/audit/audit.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { AppError, fieldError, notFound } from '../../core/errors.ts';
import type { CodeSender } from '../../core/sms/code-sender.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import { assertInScope } from '../../core/access/policy.ts';
import { findAreaRef } from '../areas/areas.repo.ts';
import { maskPhone } from '../../../shared/identifiers.ts';
import { caseCode } from '../cases/cases.rules.ts';
import { createPublicCase } from '../cases/cases.service.ts';
import * as repo from './public-requests.repo.ts';
import {
  CODE_TTL_MS,
  CODE_WINDOW_MS,
  RESEND_AFTER_SECONDS,
  checkCode,
  codeQuota,
  newVerificationCode,
  residentMobile,
  titleFromDescription,
} from './verification.rules.ts';
import type {
  CodeRequestInput,
  CodeSentDto,
  PublicPlaceDto,
  PublicRequestCreatedDto,
  PublicRequestInput,
  TrackedRequestDto,
} from './public-requests.schema.ts';

/** What a public (signed-out) route hands its service: no actor, only where the request came from. */
export interface PublicContext {
  db: Db;
  pii: PiiCipher;
  who: AuditActor;
}

const PURPOSE = 'public_request';
const OPEN_STATUSES = new Set(['submitted', 'accepted', 'in_progress']);

function mobileOrFail(raw: string): string {
  const phone = residentMobile(raw);
  if (!phone) throw fieldError('phone', '请输入 11 位手机号码', 'enter an 11-digit mobile number');
  return phone;
}

const codeHashOf = (pii: PiiCipher, phoneHash: string, code: string): string =>
  pii.lookupHash(`verification:${phoneHash}:${code}`);

/** A tracking token: 128 random bits, URL-safe; also the Open311 token of the request. */
export const newTrackingToken = (): string => randomBytes(16).toString('base64url');

/**
 * Sends a six-digit code to a resident's mobile. Five codes per phone per hour (429 with
 * Retry-After); the code is stored only as a keyed hash and expires after ten minutes.
 */
export async function sendVerificationCode(
  ctx: PublicContext,
  sender: CodeSender,
  input: CodeRequestInput,
  now = new Date(),
): Promise<CodeSentDto> {
  const phone = mobileOrFail(input.phone);
  const phoneHash = ctx.pii.lookupHash(phone);
  const code = newVerificationCode();
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
  await ctx.db.transaction(async (tx) => {
    await repo.lockPhone(tx, phoneHash);
    const quota = codeQuota(
      await repo.codeTimesSince(tx, phoneHash, new Date(now.getTime() - CODE_WINDOW_MS)),
      now,
    );
    if (!quota.allowed) {
      throw new AppError('too_many_codes', [], {
        retryAfterSeconds: quota.retryAfterSeconds,
        minutes: Math.ceil(quota.retryAfterSeconds / 60),
      });
    }
    await repo.insertCode(tx, {
      phoneHash,
      codeHash: codeHashOf(ctx.pii, phoneHash, code),
      purpose: input.purpose ?? PURPOSE,
      expiresAt,
      createdAt: now,
    });
  });
  await sender.send(phone, `${code}（Gridline 验证码，10 分钟内有效 / valid for 10 minutes）`);
  return {
    phoneMasked: maskPhone(phone),
    expiresAt: expiresAt.toISOString(),
    resendAfterSeconds: RESEND_AFTER_SECONDS,
  };
}

export async function getPlace(db: Db, ref: string): Promise<PublicPlaceDto> {
  const place = await repo.findActivePlace(db, ref);
  if (!place) throw notFound();
  const segments = place.path.split('.');
  const ancestorPaths = segments.map((_, i) => segments.slice(0, i + 1).join('.'));
  const trail = await repo.areaNamesByPath(db, ancestorPaths);
  const types = await repo.listPublicCaseTypes(db);
  return {
    id: place.id,
    name: place.name,
    level: place.level,
    kind: place.kind,
    trail: trail.map((a) => a.name),
    caseTypes: types.map((t) => ({
      code: t.code,
      name: { zh: t.nameZh, en: t.nameEn },
      description:
        t.descriptionZh || t.descriptionEn
          ? { zh: t.descriptionZh ?? t.descriptionEn ?? '', en: t.descriptionEn ?? t.descriptionZh ?? '' }
          : null,
    })),
  };
}

const codeErrors = {
  missing: ['请先获取验证码', 'request a code first'],
  expired: ['验证码已过期，请重新获取', 'the code has expired; request a new one'],
  exhausted: ['验证码错误次数过多，请重新获取', 'too many wrong tries; request a new code'],
} as const;

/**
 * Checks and uses the phone's newest code, then files the case. A wrong code counts against the
 * code (its own small write, kept even though the request fails); the right one is used up in the
 * same transaction as the case, so a code files at most one request.
 */
/**
 * Checks a resident's SMS code for a phone (counting a wrong try against the code) and returns the
 * code's id, which the caller consumes in the transaction that writes what the code allowed.
 */
export async function verifyPhoneCode(
  ctx: PublicContext,
  phone: string,
  code: string,
  now: Date,
): Promise<string> {
  const phoneHash = ctx.pii.lookupHash(phone);
  const stored = await repo.newestOpenCode(ctx.db, phoneHash, PURPOSE);
  const verdict = checkCode(stored, codeHashOf(ctx.pii, phoneHash, code), now);
  if (!verdict.ok) {
    if (verdict.reason === 'wrong') {
      if (stored) await repo.countWrongAttempt(ctx.db, stored.id);
      throw fieldError(
        'code',
        verdict.attemptsLeft > 0
          ? `验证码错误，还可尝试 ${verdict.attemptsLeft} 次`
          : '验证码错误次数过多，请重新获取',
        verdict.attemptsLeft > 0
          ? `wrong code; ${verdict.attemptsLeft} tries left`
          : 'too many wrong tries; request a new code',
      );
    }
    const [zh, en] = codeErrors[verdict.reason];
    throw fieldError('code', zh, en);
  }
  const codeId = stored?.id;
  if (!codeId) throw fieldError('code', codeErrors.missing[0], codeErrors.missing[1]);
  return codeId;
}

export async function submitPublicRequest(
  ctx: PublicContext,
  input: PublicRequestInput,
  now = new Date(),
): Promise<PublicRequestCreatedDto> {
  const phone = mobileOrFail(input.phone);
  const name = input.name.trim();
  if (!name) throw fieldError('name', '请填写姓名', 'enter your name');
  const description = input.description.trim();
  if (!description) throw fieldError('description', '请描述您的诉求', 'describe your request');
  const place = await repo.findActivePlace(ctx.db, input.placeId);
  if (!place) throw fieldError('placeId', '该地点不存在或已停用', 'this place does not exist or is closed');
  const type = await repo.findPublicCaseType(ctx.db, input.typeCode);
  if (!type)
    throw fieldError('typeCode', '该事项不接受居民提交', 'residents cannot file this kind of request');

  const codeId = await verifyPhoneCode(ctx, phone, input.code, now);

  const trackingToken = newTrackingToken();
  return ctx.db.transaction(async (tx) => {
    if (!(await repo.consumeCode(tx, codeId, now))) {
      throw fieldError('code', codeErrors.expired[0], codeErrors.expired[1]);
    }
    const created = await createPublicCase(tx, ctx.pii, {
      typeCode: type.code,
      title: titleFromDescription(description),
      description,
      areaPath: place.path,
      address: place.name,
      requesterName: name,
      requesterPhone: phone,
      source: 'resident_qr',
      open311Token: trackingToken,
    });
    await recordAudit(tx, ctx.who, {
      action: 'public_request.create',
      entityType: 'case',
      entityId: created.id,
      areaPath: place.path,
      after: {
        code: created.code,
        typeCode: type.code,
        source: 'resident_qr',
        phoneMasked: maskPhone(phone),
      },
    });
    return { code: created.code, trackingToken };
  });
}

export async function trackRequest(db: Db, token: string): Promise<TrackedRequestDto> {
  const found = await repo.findTrackedCase(db, token);
  if (!found) throw notFound();
  const events = await repo.listPublicEvents(db, found.id);
  return {
    code: caseCode(found.number),
    status: found.status,
    open: OPEN_STATUSES.has(found.status),
    typeCode: found.typeCode,
    typeName: { zh: found.typeNameZh, en: found.typeNameEn },
    placeName: found.areaName,
    resolution: found.resolution,
    createdAt: found.createdAt.toISOString(),
    updatedAt: found.updatedAt.toISOString(),
    events: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      kind: e.kind,
      toStatus: e.toStatus,
      body: e.body,
    })),
  };
}

/** The resident form's address for a place: stable across moves of the area (it is the area's id). */
export function placeUrl(origin: string, areaId: string): string {
  return `${origin}/r/${areaId}`;
}

/** The QR code for a place's door, for a caller who may see the area (others get 404). */
export async function placeQr(
  ctx: ServiceContext,
  areaId: string,
  origin: string,
  format: 'png' | 'svg',
): Promise<{ url: string; body: Buffer | string }> {
  const area = await findAreaRef(ctx.db, areaId);
  if (!area) throw notFound();
  assertInScope(ctx.actor, area.path);
  const url = placeUrl(origin, area.id);
  const body =
    format === 'svg'
      ? await QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' })
      : await QRCode.toBuffer(url, { type: 'png', width: 512, margin: 2, errorCorrectionLevel: 'M' });
  return { url, body };
}
