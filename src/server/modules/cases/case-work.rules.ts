// Pure rules for handovers, coordination tasks, guides and attachments: no database, unit-tested.
import type { LocalisedFieldError } from '../../core/errors.ts';
import { isValidPhone, normaliseIdentifier } from '../../../shared/identifiers.ts';

// ── attachments ───────────────────────────────────────────────────────────────

export const ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export const ATTACHMENT_VISIBILITIES = ['public', 'internal'] as const;
export type AttachmentVisibility = (typeof ATTACHMENT_VISIBILITIES)[number];

export function isAttachmentType(value: string): value is AttachmentType {
  return (ATTACHMENT_TYPES as readonly string[]).includes(value);
}

/** `image/png; charset=binary` → `image/png`. */
export function baseContentType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

const startsWith = (bytes: Uint8Array, magic: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + magic.length && magic.every((b, i) => bytes[offset + i] === b);

/** True when the bytes contain the ASCII text (used for the part names inside an OOXML zip). */
function containsAscii(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(text, 0, 'latin1');
}

/**
 * What the bytes are, by their signature — never by the name or the declared type. OOXML files are zip
 * archives; their part names (stored uncompressed in each local header) tell a workbook from a document.
 */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (containsAscii(bytes, 'xl/workbook'))
      return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    if (containsAscii(bytes, 'word/document'))
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  }
  return null;
}

const fileError = (zh: string, en: string): LocalisedFieldError => ({ field: 'file', reason: { zh, en } });

/** Why an upload is refused (empty, too large, a type not allowed, or bytes that are not the declared type), or null. */
export function attachmentFileError(declared: string, bytes: Uint8Array): LocalisedFieldError | null {
  if (bytes.length === 0) return fileError('文件为空', 'the file is empty');
  if (bytes.length > MAX_ATTACHMENT_BYTES)
    return fileError('文件不能超过 10 MB', 'the file must be at most 10 MB');
  if (!isAttachmentType(declared))
    return fileError(
      '只能上传 JPG、PNG、PDF、Excel（xlsx）或 Word（docx）文件',
      'only JPEG, PNG, PDF, Excel (xlsx) or Word (docx) files may be attached',
    );
  const actual = sniffAttachmentType(bytes);
  if (actual !== declared)
    return fileError(
      '文件内容与其类型不符（可能是改了扩展名的其他文件）',
      'the file’s content does not match its type (it may be another kind of file renamed)',
    );
  return null;
}

/** A file name safe to store and to send back: no folders, no control characters, at most 120 characters. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  const chars = [...cleaned];
  if (chars.length <= 120) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return chars.slice(0, 120 - [...ext].length).join('') + ext;
}

/** The extension a name should end with for its type, so a saved file opens in the right program. */
const EXTENSIONS: Record<AttachmentType, readonly string[]> = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'application/pdf': ['.pdf'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
};

export function fileNameFor(name: string, type: AttachmentType): string {
  const lower = name.toLowerCase();
  const extensions = EXTENSIONS[type];
  return extensions.some((ext) => lower.endsWith(ext)) ? name : `${name}${extensions[0] ?? ''}`;
}

/**
 * Content-Disposition for a download: an ASCII fallback for old clients and the real (often Chinese)
 * name as RFC 5987 `filename*`.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** attachments/<first two hex of the id>/<id>: at most 256 files' folders, none too large. */
export function attachmentStorageKey(id: string): string {
  return `attachments/${id.slice(0, 2).toLowerCase()}/${id.toLowerCase()}`;
}

// ── coordination tasks ────────────────────────────────────────────────────────

export const TASK_STATUSES = ['open', 'done', 'closed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task's warning fires at this share of its time, like a case type's warnAtShare. */
export const TASK_WARN_SHARE = 0.8;

/** Due and warning times of a task given hours from now (calendar hours: coordination runs every day). */
export function taskClock(now: Date, dueHours: number): { dueAt: Date; warnAt: Date } {
  const ms = dueHours * 3_600_000;
  return { dueAt: new Date(now.getTime() + ms), warnAt: new Date(now.getTime() + ms * TASK_WARN_SHARE) };
}

/** Half-width, no spaces or dashes: the form phone numbers are hashed in. */
export function normaliseContactPhone(raw: string): string {
  return normaliseIdentifier(raw).replace(/-/g, '');
}

export interface TaskTarget {
  assigneeKind: 'department' | 'region';
  departmentCode?: string | undefined;
  regionName?: string | undefined;
  contactName?: string | undefined;
  contactPhone?: string | undefined;
}

const required = (field: string): LocalisedFieldError => ({
  field,
  reason: { zh: '必填', en: 'is required' },
});
const notAllowed = (field: string, kindZh: string, kind: string): LocalisedFieldError => ({
  field,
  reason: { zh: `${kindZh}任务不填此项`, en: `is not used for a ${kind} task` },
});

/**
 * A department task names a department; a region task names the other district, its contact and the
 * contact's phone (validated like staff phones). Every problem is reported, not only the first.
 */
export function taskTargetErrors(input: TaskTarget): LocalisedFieldError[] {
  const errors: LocalisedFieldError[] = [];
  if (input.assigneeKind === 'department') {
    if (!input.departmentCode) errors.push(required('departmentCode'));
    for (const field of ['regionName', 'contactName', 'contactPhone'] as const)
      if (input[field] !== undefined) errors.push(notAllowed(field, '部门', 'department'));
    return errors;
  }
  if (input.departmentCode !== undefined) errors.push(notAllowed('departmentCode', '跨区域', 'region'));
  if (!input.regionName?.trim()) errors.push(required('regionName'));
  if (!input.contactName?.trim()) errors.push(required('contactName'));
  if (!input.contactPhone) errors.push(required('contactPhone'));
  else if (!isValidPhone(normaliseIdentifier(input.contactPhone)))
    errors.push({
      field: 'contactPhone',
      reason: {
        zh: '电话号码格式不正确（手机 11 位，或带区号的固定电话）',
        en: 'is not a valid phone number (11-digit mobile, or a landline with its area code)',
      },
    });
  return errors;
}

// ── handovers ─────────────────────────────────────────────────────────────────

export const HANDOVER_STATUSES = ['pending', 'accepted', 'declined', 'cancelled', 'ordered'] as const;
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];

/**
 * A pending handover is stale when the case's owner is no longer the one who asked (an ordered
 * handover or another change moved it meanwhile): accepting it would take the case from someone else.
 */
export function isStaleHandover(
  handover: { fromUserId: string | null },
  currentOwnerId: string | null,
): boolean {
  return handover.fromUserId !== currentOwnerId;
}

// ── cases ─────────────────────────────────────────────────────────────────────
