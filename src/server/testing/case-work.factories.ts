import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type App } from '../app.ts';
import { testPiiCipher } from '../core/crypto/pii.ts';
import type { Database } from '../core/db/client.ts';
import { diskFileStore } from '../core/storage/file-store.ts';
import type { Db } from '../core/db/client.ts';
import type { Role } from '../../shared/access.ts';
import type { cases } from '../modules/cases/cases.tables.ts';
import {
  createAreaTree,
  createUser,
  signIn,
  type Session,
  type TestTree,
  type TestUser,
} from './factories.ts';
import { createEnterprise } from './staff.factories.ts';
import { insertCase, seedCaseFixtures } from './cases.factories.ts';

/** An app whose uploaded files go to a temporary folder the test can inspect and remove. */
export async function createCaseWorkApp(database: Database): Promise<{ app: App; filesDir: string }> {
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridline-case-work-'));
  const app = await buildApp({
    database,
    pii: testPiiCipher(),
    files: diskFileStore(filesDir),
    logLevel: 'silent',
  });
  return { app, filesDir };
}

/** Every stored file under the folder (relative paths), to check nothing is left behind. */
export function storedFiles(filesDir: string): string[] {
  const root = path.join(filesDir, 'attachments');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(filesDir, path.join(entry.parentPath, entry.name)));
}

const PK = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Small files whose first bytes are what their types say (enough for the signature check). */
export const SAMPLE_FILES = {
  pdf: Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
  png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF'), Buffer.alloc(32, 2)]),
  xlsx: Buffer.concat([PK, Buffer.from('\u0000[Content_Types].xml xl/workbook.xml', 'latin1')]),
  docx: Buffer.concat([PK, Buffer.from('\u0000[Content_Types].xml word/document.xml', 'latin1')]),
  exe: Buffer.concat([
    Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'),
    Buffer.from('This program cannot be run in DOS mode'),
  ]),
};

export interface CaseWorkPeople {
  tree: TestTree;
  org: { id: string; areaPath: string };
  /** Owns the cases the tests make (liaison of town A, economy bureau). */
  owner: Session & { user: TestUser };
  /** Another handler of town A (market regulation): the usual handover target. */
  colleague: Session & { user: TestUser };
  /** A third handler of town A: sees the cases, owns nothing, is no target. */
  bystander: Session & { user: TestUser };
  /** A handler of town B: sees nothing of town A. */
  outsider: Session & { user: TestUser };
  supervisor: Session & { user: TestUser };
  /** A supervisor of town B: supervises, but not these cases. */
  supervisorB: Session & { user: TestUser };
  /** Transport department staff working in town B: sees a town A case only through a task. */
  transport: Session & { user: TestUser };
  /** The enterprise user of org (the requester). */
  enterprise: Session & { user: TestUser };
  volunteer: Session & { user: TestUser };
}

/** The cast of the case-work tests: every role in its place, with the case fixtures seeded. */
export async function createCaseWorkPeople(app: App, db: Db): Promise<CaseWorkPeople> {
  const tree = await createAreaTree(db);
  await seedCaseFixtures(db, tree.city);
  const org = await createEnterprise(db, tree.communities[0]);
  const as = async (
    role: Role,
    scopePath: string | null,
    extra: { department?: string; orgId?: string } = {},
  ) => {
    const user = await createUser(db, { role, scopePath, ...extra });
    return { ...(await signIn(app, user)), user };
  };
  const townA = tree.towns[0].path;
  const townB = tree.towns[1].path;
  return {
    tree,
    org,
    owner: await as('liaison', townA, { department: 'economy_bureau' }),
    colleague: await as('liaison', townA, { department: 'market_regulation' }),
    bystander: await as('community_worker', townA),
    outsider: await as('liaison', townB),
    supervisor: await as('supervisor', townA),
    supervisorB: await as('supervisor', townB),
    transport: await as('department_staff', townB, { department: 'transport' }),
    enterprise: await as('enterprise_user', townA, { orgId: org.id }),
    volunteer: await as('volunteer', townA),
  };
}

/** An accepted case in community A owned by `owner`, filed by the enterprise for itself. */
export function ownedCase(db: Db, people: CaseWorkPeople, options: Partial<typeof cases.$inferInsert> = {}) {
  return insertCase(db, people.tree.communities[0], {
    status: 'accepted',
    ownerUserId: people.owner.user.id,
    handlingDepartmentCode: 'economy_bureau',
    requesterOrgId: people.org.id,
    subjectOrgId: people.org.id,
    source: 'enterprise',
    title: '硫酸供应商车辆需要通行证',
    ...options,
  });
}
