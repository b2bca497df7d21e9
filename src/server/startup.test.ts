import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TIMEOUT = 60_000;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function environment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['PORT', 'HOST', 'DATABASE_URL', 'DATA_DIR', 'SESSION_TTL_HOURS', 'SECURE_COOKIES']) {
    delete env[name];
  }
  return {
    ...env,
    SKIP_WEB_BUILD: 'true',
    LOG_LEVEL: 'silent',
    DEMO: 'false',
    ADMIN_PASSWORD: 'startup-test-pw',
    HOST: '127.0.0.1',
    ...overrides,
  };
}

function start(overrides: Record<string, string>, args: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', ...args], {
    cwd: ROOT,
    env: environment(overrides),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): { out: () => string; err: () => string; exit: Promise<Exit> } {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<Exit>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { out: () => stdout, err: () => stderr, exit };
}

function run(overrides: Record<string, string>, args: string[] = []): Promise<Exit> {
  return collect(start(overrides, args)).exit;
}

function waitFor(read: () => string, pattern: RegExp, exited: Promise<Exit>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (pattern.test(read())) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    void exited.then((e) => {
      clearInterval(timer);
      reject(new Error(`exited ${e.code} before ${pattern}: ${e.stdout} ${e.stderr}`));
    });
  });
}

/** The one-line failure an operator should see: no stack trace, nothing else on stderr. */
function expectOneLineFailure(result: Exit, message: RegExp): void {
  expect(result.code, result.stderr).not.toBe(0);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^Gridline cannot start: /);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toContain('    at ');
  expect(result.stderr).not.toContain('unexpected error');
}

describe('starting Gridline from the command line', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridline-startup-'));
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it(
    'prints the settings for --help and exits 0',
    async () => {
      const result = await run({}, ['--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^\s+PORT\s/m);
      expect(result.stdout).toMatch(/^\s+DATABASE_URL\s/m);
      expect(result.stderr).toBe('');
    },
    TIMEOUT,
  );

  it(
    'fails in one line when PostgreSQL is unreachable',
    async () => {
      const result = await run({ DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' });
      expectOneLineFailure(result, /Cannot connect to PostgreSQL at postgres:\/\/127\.0\.0\.1:1\/none/);
      expect(result.stderr).not.toContain('nobody:x');
    },
    TIMEOUT,
  );

  it(
    'fails in one line for a DATABASE_URL that is not PostgreSQL',
    async () => {
      const result = await run({ DATABASE_URL: 'mysql://x' });
      expectOneLineFailure(result, /DATABASE_URL must start with postgres:\/\//);
    },
    TIMEOUT,
  );

  it(
    'fails in one line for a bad PORT',
    async () => {
      const result = await run({ PORT: 'http' });
      expectOneLineFailure(result, /PORT must be a whole number/);
    },
    TIMEOUT,
  );

  it(
    'fails in one line when the port is taken',
    async () => {
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const address = blocker.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      try {
        const result = await run({ PORT: String(port), DATA_DIR: path.join(tmp, 'port') });
        expectOneLineFailure(result, new RegExp(`Port ${port} is already in use`));
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
      // The failed start released its data folder.
      expect(fs.existsSync(path.join(tmp, 'port', 'gridline.lock'))).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'fails in one line when the data folder cannot be created',
    async () => {
      const file = path.join(tmp, 'a-file');
      fs.writeFileSync(file, 'not a folder');
      const result = await run({ DATA_DIR: path.join(file, 'data') });
      expectOneLineFailure(result, /data folder .*a-file\/data is not writable/);
    },
    TIMEOUT,
  );

  it(
    'refuses a second process on the same data folder, and the first stops cleanly on SIGTERM',
    async () => {
      const dataDir = path.join(tmp, 'shared');
      const firstChild = start({ PORT: '0', DATA_DIR: dataDir });
      const first = collect(firstChild);
      try {
        await waitFor(first.out, /Gridline is running at http:\/\/127\.0\.0\.1:\d+/, first.exit);
        expect(first.out()).toContain('Administrator: admin / startup-test-pw');

        const second = await run({ PORT: '0', DATA_DIR: dataDir });
        expectOneLineFailure(
          second,
          new RegExp(`in use by another Gridline process \\(pid ${firstChild.pid}\\)`),
        );
      } finally {
        firstChild.kill('SIGTERM');
      }
      const exit = await first.exit;
      expect(exit.code, exit.stderr).toBe(0);
      expect(exit.stdout).toContain('SIGTERM received: closing the database and stopping.');
      expect(exit.stderr).toBe('');
      expect(fs.existsSync(path.join(dataDir, 'gridline.lock'))).toBe(false);

      // It starts again on the same folder, remembering the first start's logins.
      const again = start({ PORT: '0', DATA_DIR: dataDir });
      const restarted = collect(again);
      try {
        await waitFor(restarted.out, /Gridline is running at/, restarted.exit);
        expect(restarted.out()).toContain('Administrator: admin / startup-test-pw');
      } finally {
        again.kill('SIGTERM');
      }
      expect((await restarted.exit).code).toBe(0);
    },
    TIMEOUT * 2,
  );
});
