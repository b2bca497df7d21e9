import { describe, expect, it } from 'vitest';
import {
  MAX_ATTACHMENT_BYTES,
  attachmentFileError,
  attachmentStorageKey,
  baseContentType,
  cleanFileName,
  contentDisposition,
  fileNameFor,
  isStaleHandover,
  sniffAttachmentType,
  taskClock,
  taskTargetErrors,
} from './case-work.rules.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const PK = [0x50, 0x4b, 0x03, 0x04];

describe('attachment types by signature', () => {
  it('recognises each allowed type from its first bytes', () => {
    expect(sniffAttachmentType(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toBe('image/jpeg');
    expect(sniffAttachmentType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffAttachmentType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffAttachmentType(bytes(PK, '....[Content_Types].xml....xl/workbook.xml'))).toBe(XLSX);
    expect(sniffAttachmentType(bytes(PK, '....[Content_Types].xml....word/document.xml'))).toBe(DOCX);
  });

  it('knows nothing of executables, plain zips or text', () => {
    expect(sniffAttachmentType(bytes('MZ\x90\x00\x03'))).toBeNull();
    expect(sniffAttachmentType(bytes(PK, 'readme.txt'))).toBeNull();
    expect(sniffAttachmentType(bytes('hello'))).toBeNull();
    expect(sniffAttachmentType(new Uint8Array())).toBeNull();
  });

  it('refuses a renamed executable, a type not allowed, an empty or too large file — always naming file', () => {
    const exe = bytes('MZ\x90\x00 this program cannot be run in DOS mode');
    expect(attachmentFileError('application/pdf', exe)).toMatchObject({ field: 'file' });
    expect(attachmentFileError('application/pdf', exe)?.reason.en).toMatch(/does not match/);
    expect(attachmentFileError('application/x-msdownload', exe)?.reason.en).toMatch(/only JPEG/);
    expect(attachmentFileError('image/png', new Uint8Array())?.reason.en).toMatch(/empty/);
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
    expect(attachmentFileError('application/pdf', big)?.reason.en).toMatch(/10 MB/);
    // a PNG declared as JPEG is also a mismatch
    expect(
      attachmentFileError('image/jpeg', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    ).not.toBeNull();
  });

  it('accepts matching bytes, up to exactly 10 MB', () => {
    const max = new Uint8Array(MAX_ATTACHMENT_BYTES);
    max.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
    expect(attachmentFileError('application/pdf', max)).toBeNull();
    expect(attachmentFileError(XLSX, bytes(PK, 'xl/workbook.xml'))).toBeNull();
  });

  it('reads the media type without parameters', () => {
    expect(baseContentType('Image/PNG; charset=binary')).toBe('image/png');
    expect(baseContentType(undefined)).toBe('');
  });
});

describe('file names', () => {
  it('drops folders, control characters and quotes, and keeps the extension when shortening', () => {
    expect(cleanFileName('C:\\Users\\x\\营业执照.pdf')).toBe('营业执照.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a"b\u0000\nc.png')).toBe('abc.png');
    const long = `${'长'.repeat(200)}.xlsx`;
    const cleaned = cleanFileName(long);
    expect([...cleaned].length).toBe(120);
    expect(cleaned.endsWith('.xlsx')).toBe(true);
  });

  it('adds the extension of the real type when the name lacks it', () => {
    expect(fileNameFor('照片', 'image/jpeg')).toBe('照片.jpg');
    expect(fileNameFor('photo.JPEG', 'image/jpeg')).toBe('photo.JPEG');
    expect(fileNameFor('report.pdf', XLSX)).toBe('report.pdf.xlsx');
  });

  it('sends the Chinese name as RFC 5987 filename* with an ASCII fallback', () => {
    const value = contentDisposition("通行证 (1)'s.pdf");
    expect(value).toBe(
      `attachment; filename="___ (1)'s.pdf"; filename*=UTF-8''%E9%80%9A%E8%A1%8C%E8%AF%81%20%281%29%27s.pdf`,
    );
    expect(decodeURIComponent(value.split("''")[1] ?? '')).toBe("通行证 (1)'s.pdf");
  });

  it('stores a file under its id’s first two hex digits', () => {
    expect(attachmentStorageKey('AB12cd34-0000-4000-8000-000000000000')).toBe(
      'attachments/ab/ab12cd34-0000-4000-8000-000000000000',
    );
  });
});

describe('coordination tasks', () => {
  it('a department task needs only the department', () => {
    expect(taskTargetErrors({ assigneeKind: 'department', departmentCode: 'transport' })).toEqual([]);
    expect(taskTargetErrors({ assigneeKind: 'department' }).map((e) => e.field)).toEqual(['departmentCode']);
    expect(
      taskTargetErrors({
        assigneeKind: 'department',
        departmentCode: 'tax',
        contactPhone: '13812345678',
      }).map((e) => e.field),
    ).toEqual(['contactPhone']);
  });

  it('a region task needs the district, the contact and a valid phone (full-width digits accepted)', () => {
    expect(
      taskTargetErrors({
        assigneeKind: 'region',
        regionName: '嘉兴市南湖区',
        contactName: '王科长',
        contactPhone: '１３８１２３４５６７８',
      }),
    ).toEqual([]);
    expect(
      taskTargetErrors({
        assigneeKind: 'region',
        regionName: '南湖区',
        contactName: '王',
        contactPhone: '0573-85123456',
      }),
    ).toEqual([]);
    expect(taskTargetErrors({ assigneeKind: 'region' }).map((e) => e.field)).toEqual([
      'regionName',
      'contactName',
      'contactPhone',
    ]);
    expect(
      taskTargetErrors({
        assigneeKind: 'region',
        regionName: 'x',
        contactName: 'y',
        contactPhone: '12345',
      }).map((e) => e.field),
    ).toEqual(['contactPhone']);
    expect(
      taskTargetErrors({
        assigneeKind: 'region',
        departmentCode: 'tax',
        regionName: 'x',
        contactName: 'y',
        contactPhone: '13812345678',
      }).map((e) => e.field),
    ).toEqual(['departmentCode']);
  });

  it('warns at 80 % of the task’s hours', () => {
    const now = new Date('2020-02-10T08:00:00Z');
    expect(taskClock(now, 10)).toEqual({
      dueAt: new Date('2020-02-10T18:00:00Z'),
      warnAt: new Date('2020-02-10T16:00:00Z'),
    });
  });
});

describe('handovers and case codes', () => {
  it('a handover is stale once the owner who asked is no longer the owner', () => {
    expect(isStaleHandover({ fromUserId: 'a' }, 'a')).toBe(false);
    expect(isStaleHandover({ fromUserId: 'a' }, 'b')).toBe(true);
    expect(isStaleHandover({ fromUserId: 'a' }, null)).toBe(true);
  });
});
