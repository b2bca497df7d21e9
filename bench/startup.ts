// Start-up figures on PGlite: cold start with the demo load, warm restart, idle RSS.
// Each start is a real `node --import tsx src/server/main.ts`, timed until a demo login succeeds.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface StartupFigures {
  coldStartToLoginSeconds: number;
  warmRestartToLoginSeconds: number;
  idleRssMiB: number;
}

const PASSWORD = 'bench-demo-password';

async function waitForLogin(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'command', password: PASSWORD }),
      });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not accept a login in time');
}

function start(dataDir: string, port: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ADMIN_PASSWORD: 'bench-admin-password',
      DEMO_PASSWORD: PASSWORD,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

export async function measureStartup(port = 3917): Promise<StartupFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridline-bench-'));
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  try {
    let t = performance.now();
    child = start(dataDir, port);
    await waitForLogin(url, Date.now() + 120_000);
    const cold = (performance.now() - t) / 1000;
    await stop(child);

    t = performance.now();
    child = start(dataDir, port);
    await waitForLogin(url, Date.now() + 120_000);
    const warm = (performance.now() - t) / 1000;
    await new Promise((r) => setTimeout(r, 5000));
    const rss = child.pid ? rssMiB(child.pid) : Number.NaN;
    await stop(child);
    return {
      coldStartToLoginSeconds: Math.round(cold * 100) / 100,
      warmRestartToLoginSeconds: Math.round(warm * 100) / 100,
      idleRssMiB: rss,
    };
  } finally {
    if (child && child.exitCode === null) await stop(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
