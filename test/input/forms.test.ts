/**
 * The console's forms read strictly: a field the form does not have is refused, and the refusal
 * names it with the nearest field of the form, escaped on the page.
 */
import { parseFragment } from 'parse5';
import { readActionForm, type ActionContext } from '../../client/console/actions';
import { refusal, Refused } from '../../client/console/refusals';
import { REG, STATUS } from '../documents/fixtures';

const ctx: ActionContext = {
  lang: 'en',
  lifecycleId: 'long-an-hdnd-tand-2022',
  regulation: REG,
  status: { ...STATUS, stage: 'drafting' },
  email: 'vanphong@longan.example.vn',
};

function refused(body: Record<string, string>): Refused {
  try {
    readActionForm('draft', ctx, body);
  } catch (err) {
    if (err instanceof Refused) return err;
    throw err;
  }
  throw new Error('the form was accepted');
}

test('a mistyped form field is refused with its nearest field named', () => {
  const err = refused({ csrf: 'x', version: 'v1', link: 'https://docs.example.org/v1.pdf', ntoe: 'x' });
  expect(err.reason).toBe('badForm');
  expect(err.detail).toBe('`ntoe`: unknown key; did you mean `note`?');
  const page = refusal(err.reason, err.lang, err.detail);
  expect(page.status).toBe(400);
  expect(page.html).toContain('(`ntoe`: unknown key; did you mean `note`?)');
});

test('a hostile field name is shown escaped, on one line, with no element from it', () => {
  const err = refused({ csrf: 'x', '<img src=x onerror=alert(1)>\r\n': 'x' });
  expect(err.detail).not.toMatch(/[\r\n]/);
  const html = refusal(err.reason, err.lang, err.detail).html;
  const elements: string[] = [];
  const walk = (n: { nodeName: string; childNodes?: unknown[] }): void => {
    elements.push(n.nodeName);
    (n.childNodes as (typeof n)[] | undefined)?.forEach(walk);
  };
  walk(parseFragment(html) as never);
  expect(elements).not.toContain('img');
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;\\r\\n');
});
