/** Runtime settings: a bad value is one line naming the variable and the fix; good values arrive typed. */
import { readEnv } from '../../config/env';

test('WORKFLOW_CACHE_SIZE sizes the worker cache (default 1500); MAIL_CONNECTIONS the SMTP pool (default 5); nonsense is refused with the fix', () => {
  expect(readEnv({ WORKFLOW_CACHE_SIZE: '4000' }).workflowCacheSize).toBe(4000);
  expect(readEnv({}).workflowCacheSize).toBe(1500);
  expect(readEnv({}).mailConnections).toBe(5);
  expect(readEnv({ MAIL_CONNECTIONS: '10' }).mailConnections).toBe(10);
  expect(() => readEnv({ MAIL_CONNECTIONS: '0' })).toThrow(
    'MAIL_CONNECTIONS=0 is not a whole number from 1 to 100: set how many SMTP connections the mailer may keep open, e.g. 5',
  );
  for (const bad of ['1', 'many', '2.5']) {
    expect(() => readEnv({ WORKFLOW_CACHE_SIZE: bad })).toThrow(
      `WORKFLOW_CACHE_SIZE=${bad} is not a whole number of at least 2: set how many workflow runs a worker keeps in memory, e.g. 1500`,
    );
  }
});

test('CALENDAR_AUTO_APPLY is off unless set to 1, true or yes', () => {
  expect(readEnv({}).calendarAutoApply).toBe(false);
  expect(readEnv({ CALENDAR_AUTO_APPLY: 'yes' }).calendarAutoApply).toBe(true);
  expect(readEnv({ CALENDAR_AUTO_APPLY: '0' }).calendarAutoApply).toBe(false);
});

test('OIDC_*: all three or none; an https issuer (http only on localhost); the secret never in a message', () => {
  const secret = 'very-secret-client-secret-value';
  expect(readEnv({}).oidc).toBeUndefined();
  expect(
    readEnv({
      OIDC_ISSUER: 'https://login.example.org/realms/agency',
      OIDC_CLIENT_ID: 'console',
      OIDC_CLIENT_SECRET: secret,
    }).oidc,
  ).toEqual({ issuer: 'https://login.example.org/realms/agency', clientId: 'console', clientSecret: secret });
  expect(
    readEnv({ OIDC_ISSUER: 'http://127.0.0.2:9000', OIDC_CLIENT_ID: 'console', OIDC_CLIENT_SECRET: secret }).oidc
      ?.issuer,
  ).toBe('http://127.0.0.2:9000');
  expect(() => readEnv({ OIDC_ISSUER: 'https://login.example.org', OIDC_CLIENT_SECRET: secret })).toThrow(
    'OIDC_CLIENT_ID is not set',
  );
  expect(() => readEnv({ OIDC_CLIENT_ID: 'console' })).toThrow('OIDC_ISSUER and OIDC_CLIENT_SECRET are not set');
  expect(() =>
    readEnv({ OIDC_ISSUER: 'http://login.example.org', OIDC_CLIENT_ID: 'console', OIDC_CLIENT_SECRET: secret }),
  ).toThrow('is not an https URL');
  expect(() =>
    readEnv({ OIDC_ISSUER: 'login.example.org', OIDC_CLIENT_ID: 'console', OIDC_CLIENT_SECRET: secret }),
  ).toThrow('is not a URL');
  for (const env of [
    { OIDC_ISSUER: 'ftp://x', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: secret },
    { OIDC_ISSUER: 'https://x', OIDC_CLIENT_SECRET: secret },
  ]) {
    expect(() => readEnv(env)).toThrow();
    try {
      readEnv(env);
    } catch (err) {
      expect((err as Error).message).not.toContain(secret);
    }
  }
});
