/** Runtime settings: a bad value is one line naming the variable and the fix; good values arrive typed. */
import { readEnv } from '../../config/env';

test('WORKFLOW_CACHE_SIZE sizes the worker cache; unset leaves the SDK default; nonsense is refused with the fix', () => {
  expect(readEnv({ WORKFLOW_CACHE_SIZE: '1500' }).workflowCacheSize).toBe(1500);
  expect(readEnv({}).workflowCacheSize).toBeUndefined();
  for (const bad of ['1', 'many', '2.5']) {
    expect(() => readEnv({ WORKFLOW_CACHE_SIZE: bad })).toThrow(`WORKFLOW_CACHE_SIZE=${bad} is not a whole number of at least 2: set how many workflow runs a worker keeps in memory, e.g. 1500`);
  }
});

test('CALENDAR_AUTO_APPLY is off unless set to 1, true or yes', () => {
  expect(readEnv({}).calendarAutoApply).toBe(false);
  expect(readEnv({ CALENDAR_AUTO_APPLY: 'yes' }).calendarAutoApply).toBe(true);
  expect(readEnv({ CALENDAR_AUTO_APPLY: '0' }).calendarAutoApply).toBe(false);
});
