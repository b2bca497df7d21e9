import path from 'node:path';
import { SMS_SENDERS, isSmsSenderKind, type SmsSenderKind } from './sms/code-sender.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: string;
  adminPassword: string | undefined;
  demoPassword: string | undefined;
  /** Base64 master key for personal data; absent → DATA_DIR/pii.key. */
  piiKey: string | undefined;
  sessionTtlHours: number;
  loadDemo: boolean;
  secureCookies: boolean;
  webDist: string;
  /** Seconds between rounds of the background jobs (SLA sweep, outbox). */
  jobsIntervalSeconds: number;
  /** Where verification codes for residents go: console (no gateway; printed to the log). */
  smsSender: SmsSenderKind;
}

interface Setting {
  env: string;
  default: string;
  help: string;
}

/** Every setting Gridline reads, in the order `--help` prints them. */
export const SETTINGS: readonly Setting[] = [
  { env: 'PORT', default: '3000', help: 'HTTP port to listen on' },
  { env: 'HOST', default: '0.0.0.0', help: 'Address to bind' },
  {
    env: 'DATABASE_URL',
    default: '(absent)',
    help: 'postgres://user:pass@host:5432/db for PostgreSQL; absent → embedded PGlite in DATA_DIR',
  },
  { env: 'DATA_DIR', default: './data', help: 'Folder for the embedded database and uploaded files' },
  { env: 'LOG_LEVEL', default: 'info', help: 'fatal, error, warn, info, debug, trace or silent' },
  {
    env: 'ADMIN_PASSWORD',
    default: '(random)',
    help: 'Password of the first administrator; when absent a random one-time password is printed',
  },
  {
    env: 'DEMO_PASSWORD',
    default: '(random)',
    help: 'Password of the demo accounts when the demo city is loaded; when absent a random one is printed',
  },
  {
    env: 'PII_KEY',
    default: '(DATA_DIR/pii.key)',
    help: 'Base64 32-byte key encrypting ID and phone numbers; required when several instances share PostgreSQL',
  },
  { env: 'SESSION_TTL_HOURS', default: '12', help: 'Hours a login session stays valid without use' },
  {
    env: 'DEMO',
    default: 'true',
    help: 'Load the pinghu-2020 demo city into an empty database (true/false)',
  },
  {
    env: 'SECURE_COOKIES',
    default: 'false',
    help: 'Mark session cookies Secure (set true behind HTTPS)',
  },
  {
    env: 'SMS_SENDER',
    default: 'console',
    help: "Where residents' verification codes go: console (no SMS gateway; the code is printed to the server log)",
  },
  {
    env: 'JOBS_INTERVAL_SECONDS',
    default: '30',
    help: 'Seconds between rounds of the background jobs (SLA deadline sweep, outbox)',
  },
];

export class ConfigError extends Error {}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

function parseBoolean(name: string, raw: string): boolean {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function parseInteger(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** Reads the configuration from an environment; pure, so tests pass their own. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const get = (name: string, fallback: string): string => {
    const value = env[name];
    return value === undefined || value === '' ? fallback : value;
  };
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const logLevel = get('LOG_LEVEL', 'info');
  if (!LOG_LEVELS.has(logLevel))
    throw new ConfigError(`LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}`);
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 10) {
    throw new ConfigError('ADMIN_PASSWORD must be at least 10 characters long');
  }
  const demoPassword = env.DEMO_PASSWORD || undefined;
  if (demoPassword !== undefined && demoPassword.length < 10) {
    throw new ConfigError('DEMO_PASSWORD must be at least 10 characters long');
  }
  const smsSender = get('SMS_SENDER', 'console');
  if (!isSmsSenderKind(smsSender))
    throw new ConfigError(`SMS_SENDER must be one of ${SMS_SENDERS.join(', ')}, got "${smsSender}"`);
  return {
    demoPassword,
    smsSender,
    piiKey: env.PII_KEY || undefined,
    port: parseInteger('PORT', get('PORT', '3000'), 0, 65535),
    host: get('HOST', '0.0.0.0'),
    databaseUrl,
    dataDir: path.resolve(cwd, get('DATA_DIR', './data')),
    logLevel,
    adminPassword,
    sessionTtlHours: parseInteger('SESSION_TTL_HOURS', get('SESSION_TTL_HOURS', '12'), 1, 24 * 90),
    loadDemo: parseBoolean('DEMO', get('DEMO', 'true')),
    secureCookies: parseBoolean('SECURE_COOKIES', get('SECURE_COOKIES', 'false')),
    webDist: path.resolve(cwd, 'dist/web'),
    jobsIntervalSeconds: parseInteger('JOBS_INTERVAL_SECONDS', get('JOBS_INTERVAL_SECONDS', '30'), 1, 3600),
  };
}

export function configHelp(): string {
  const width = Math.max(...SETTINGS.map((s) => s.env.length));
  const lines = SETTINGS.map((s) => `  ${s.env.padEnd(width)}  ${s.help} [default: ${s.default}]`);
  return [
    'Usage: npm start [-- --help]',
    '',
    'Gridline reads its settings from the environment:',
    ...lines,
  ].join('\n');
}
