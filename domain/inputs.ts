/**
 * The text fields of every update input, and what kind each is: the typed API normalises an input
 * with `normaliseInput` before it is sent (nothing reaches the workflow when it is refused), and the
 * workflow's validators run `checkInput` on what arrives, so a caller that skips the API (another
 * SDK, `temporal workflow update`) meets the same rules. Unknown keys are refused in both. Pure.
 */
import { unknownKeyProblem } from './keys';
import { checkLine, checkLines, checkLink, InputRefusal, type Checked } from './text';

/** How one field is read: one line, several lines, a link, or a value the validators type-check. */
type Rule = 'line' | 'lines' | 'link' | 'value' | Shape | Rule[] | { each: Rule };
interface Shape {
  [key: string]: Rule;
}

/** Each update's input, by update name. */
export const UPDATE_INPUTS: Record<string, Shape> = {
  submitDraft: { version: 'line', link: 'link', sha256: 'line', note: 'lines', submittedBy: 'line' },
  submitFeedback: {
    body: 'line',
    round: 'value',
    decision: 'line',
    comments: [{ area: 'line', text: 'lines' }],
    reference: 'line',
    submittedBy: 'line',
  },
  scheduleSigning: { at: 'line', place: 'line', submittedBy: 'line' },
  recordSignature: { body: 'line', signer: 'line', signedAt: 'line', submittedBy: 'line' },
  extendDeadline: { deadline: 'line', to: 'line', reason: 'lines', submittedBy: 'line' },
  logInformationExchange: {
    from: 'line',
    to: ['line'],
    subject: 'line',
    summary: 'lines',
    link: 'link',
    submittedBy: 'line',
  },
  answerComments: {
    round: 'value',
    responses: [{ comment: 'line', handling: 'line', explanation: 'lines' }],
    submittedBy: 'line',
  },
  withdraw: { reason: 'lines', submittedBy: 'line' },
  replanDeadlines: { calendarVersion: 'line' },
  submitReviewReport: { body: 'line', review: 'value', assessments: { each: 'lines' }, submittedBy: 'line' },
  recordReviewOutcome: { review: 'value', decision: 'line', notes: 'lines', submittedBy: 'line' },
};

const CHECKS = { line: checkLine, lines: checkLines, link: checkLink } as const;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(rule: Rule, value: unknown, path: string, canonical: boolean): unknown {
  if (value === undefined || value === null) return value;
  if (rule === 'value') return value;
  if (typeof rule === 'string') {
    if (typeof value !== 'string') throw new InputRefusal(path, `${describe(value)} is not text: write it as a string`);
    const checked: Checked = CHECKS[rule](value, { canonical });
    if (!checked.ok) throw new InputRefusal(path, checked.problem);
    return checked.value;
  }
  if (Array.isArray(rule)) {
    if (!Array.isArray(value))
      throw new InputRefusal(path, `${describe(value)} is not a list: give a list (array), even of one item`);
    return value.map((v, n) => walk(rule[0]!, v, `${path}[${n}]`, canonical));
  }
  if (!isPlainObject(value)) throw new InputRefusal(path, `${describe(value)} is not a set of fields: give an object`);
  if ('each' in rule && isRule(rule.each) && Object.keys(rule).length === 1) {
    const each = rule.each;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(each, v, `${path}.${k}`, canonical)]));
  }
  const shape = rule as Shape;
  const valid = Object.keys(shape);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!Object.prototype.hasOwnProperty.call(shape, k)) throw new InputRefusal('', unknownKeyProblem(k, valid, path));
    out[k] = walk(shape[k]!, v, path ? `${path}.${k}` : k, canonical);
  }
  return out;
}

/** A short description of a value of the wrong type, for the refusal. */
function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' || typeof value === 'boolean' ? `${typeof value} ${String(value)}` : typeof value;
}

function isRule(r: unknown): r is Rule {
  return typeof r === 'string' || Array.isArray(r) || isPlainObject(r);
}

function shapeOf(update: string): Shape {
  const shape = UPDATE_INPUTS[update];
  if (!shape) throw new Error(`no input rules for update ${update}`);
  return shape;
}

/**
 * The input as the workflow should receive it: one-line fields trimmed, line breaks made `\n`,
 * links as their parsed href. Throws InputRefusal for an unknown key or a refused text.
 */
export function normaliseInput<T>(update: string, input: T): T {
  if (!isPlainObject(input)) return input;
  return walk(shapeOf(update), input, '', false) as T;
}

/** The validators' check: the same rules on what arrived, changing nothing. Throws InputRefusal. */
export function checkInput(update: string, input: unknown): void {
  if (isPlainObject(input)) walk(shapeOf(update), input, '', true);
}
