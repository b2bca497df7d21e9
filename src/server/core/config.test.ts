import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, SETTINGS, configHelp, loadConfig } from './config.ts';

const cwd = '/srv/gridline';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  it('starts with sensible defaults from an empty environment', () => {
    const config = loadConfig({}, cwd);
    expect(config.port).toBe(3000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataDir).toBe(path.resolve(cwd, 'data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.logLevel).toBe('info');
    expect(config.adminPassword).toBeUndefined();
    expect(config.loadDemo).toBe(true);
    expect(config.secureCookies).toBe(false);
    expect(config.sessionTtlHours).toBe(12);
  });

  it('reads every setting it is given', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        DATABASE_URL: 'postgresql://u:p@db:5432/gridline',
        DATA_DIR: '/var/lib/gridline',
        LOG_LEVEL: 'warn',
        ADMIN_PASSWORD: 'a-long-password',
        DEMO: 'false',
        SECURE_COOKIES: 'yes',
        SESSION_TTL_HOURS: '24',
      },
      cwd,
    );
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgresql://u:p@db:5432/gridline',
      dataDir: '/var/lib/gridline',
      logLevel: 'warn',
      adminPassword: 'a-long-password',
      loadDemo: false,
      secureCookies: true,
      sessionTtlHours: 24,
    });
  });

  it('treats an empty DATABASE_URL as absent', () => {
    expect(loadConfig({ DATABASE_URL: '  ' }, cwd).databaseUrl).toBeUndefined();
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '80.5' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['ADMIN_PASSWORD', { ADMIN_PASSWORD: 'short' }],
    ['DEMO', { DEMO: 'maybe' }],
    ['SESSION_TTL_HOURS', { SESSION_TTL_HOURS: '0' }],
  ])('refuses a bad %s with a message naming it', (name, env) => {
    expect(configError(env).message).toContain(name);
  });
});

describe('configHelp', () => {
  it('lists every setting with its default', () => {
    const help = configHelp();
    for (const setting of SETTINGS) {
      expect(help).toContain(setting.env);
      expect(help).toContain(`[default: ${setting.default}]`);
    }
    for (const name of ['PORT', 'DATABASE_URL', 'DATA_DIR', 'LOG_LEVEL', 'ADMIN_PASSWORD', 'DEMO']) {
      expect(help).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
  });
});
