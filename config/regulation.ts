/**
 * The regulation definition: the file a secretariat writes to start a lifecycle.
 * Parsed and validated here, outside any workflow; the workflow receives the normalised
 * result as its input, so a bad file never starts anything.
 */
import fs from 'node:fs';
import { DateTime, IANAZone } from 'luxon';
import YAML from 'yaml';
import { z } from 'zod';
import { adoptionIssues } from '../domain/adoption';
import { parsePeriod, type Period } from '../domain/schedule/period';
import { unknownKeyProblem } from '../domain/keys';
import { checkEmail, checkLine, type Checked } from '../domain/text';
import { DefinitionError } from './definition-error';
import type { Regulation as WorkflowRegulation } from '../domain/regulation';

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A checked text (domain/text.ts) as a zod transform: the normalised value, or the problem as the issue. */
function checked(check: (s: string) => Checked, empty?: string) {
  return z.string().transform((raw, ctx) => {
    const c = check(raw);
    if (!c.ok) {
      ctx.addIssue({ code: 'custom', message: c.problem });
      return z.NEVER;
    }
    if (empty !== undefined && c.value === '') {
      ctx.addIssue({ code: 'custom', message: empty });
      return z.NEVER;
    }
    return c.value;
  });
}

/** A one-line text: names, titles, places (domain/text.ts refuses control and invisible characters). */
const line = (empty = 'is empty: write the text') => checked(checkLine, empty);

// The valid keys travel in the message of an unknown-key issue, for `describe` to suggest the nearest.
const VALID_KEYS = 'valid keys: ';

/**
 * An object that refuses unknown keys: a mistyped setting must not be dropped silently (the office
 * would believe it in force). `describe` turns the issue into one line per key naming the nearest.
 */
function strict<T extends z.core.$ZodLooseShape>(shape: T) {
  const valid = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `${VALID_KEYS}${valid.join(' ')}` : undefined),
  });
}

const localized = strict({
  vi: line('is empty: write the Vietnamese text'),
  en: line('is empty: write the English text'),
});

const email = checked(checkEmail);

const person = strict({ name: line("is empty: write the person's name"), email });

const period = z.string().transform((text, ctx): Period => {
  try {
    return parsePeriod(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const date = z.union([z.string(), z.date()]).transform((v, ctx) => {
  // YAML turns an unquoted 2022-08-17 into a Date; take its calendar day back.
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : v;
  if (!DATE.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`))) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(s)} is not a date: write YYYY-MM-DD` });
    return z.NEVER;
  }
  return s;
});

const time = z.string().regex(TIME, 'is not a time of day: write HH:mm, e.g. "08:00"');

const slug = (what: string) =>
  z.string().regex(SLUG, `is not a valid ${what}: use lower-case letters, digits and hyphens, e.g. "hdnd"`);

const body = strict({
  id: slug('body id'),
  name: localized,
  locale: z
    .enum(['vi', 'en'], { error: (i) => `${JSON.stringify(i.input)} is not a known locale: use "vi" or "en"` })
    .default('vi'),
  contacts: z.array(person).min(1, 'is empty: list at least one contact who receives requests and reminders'),
  leaders: z.array(person).min(1, 'is empty: list at least one leader who receives escalations'),
  signatory: strict({ name: line("is empty: write the signatory's name"), title: line('is empty: write the title') }),
});

const schedule = strict({
  drafting: period.prefault('30 days'),
  consultation: period.prefault('10 working days'),
  revision: period.prefault('7 working days'),
  maxRounds: z.number().int().min(1, 'must be at least 1').max(20).default(3),
  silence: z
    .enum(['escalate', 'consent'], {
      error: (i) => `${JSON.stringify(i.input)} is not a silence rule: use "escalate" or "consent"`,
    })
    .default('escalate'),
  signing: period.prefault('15 days'),
  preliminaryReviews: period.prefault('every 12 months'),
  reportsDue: period.prefault('10 working days'),
  /** How long before a review meeting the report requests go out. */
  reviewNotice: period.prefault('30 days'),
  finalReview: date,
  reminders: z.array(period).prefault(['7 working days', '3 working days', '1 working day', '0 days']),
  reminderTime: time.default('08:00'),
  meetingTime: time.default('09:00'),
  escalation: strict({
    after: period.prefault('1 working day'),
    repeat: period.prefault('3 working days'),
    /** Escalations per deadline at most; then the lifecycle waits quietly for an answer or an extension. */
    max: z.number().int().min(0, 'must be 0 or more').max(100, 'must be at most 100').default(10),
  }).prefault({}),
});

const url = z.string().regex(/^https?:\/\/\S+$/, 'is not an http(s) URL: give the address of the document');

/** What happened before the engine took the regulation over (domain/adoption.ts; README: Adopting). */
const adopted = strict({
  number: line('is empty: write the number, e.g. "05/QCPH-SXD-STNMT", or leave it out').optional(),
  link: url.optional(),
  signedOn: date.optional(),
  effectiveOn: date.optional(),
  reviewsHeld: z
    .array(
      strict({
        n: z.number({ error: "is not a number: write the review's number, 1 for the first sơ kết" }).int().min(1),
        heldOn: date,
        outcome: z.enum(['continue', 'amend', 'end'], {
          error: (i) => `${JSON.stringify(i.input)} is not an outcome: use "continue", "amend" or "end"`,
        }),
        notes: line().optional(),
        link: url.optional(),
      }),
    )
    .default([]),
  draft: strict({
    version: line('is empty: write the draft\'s label, e.g. "v2"'),
    link: url,
    round: z.number().int().min(1, 'must be 1 or more: the consultation round under way'),
    deadline: date,
  }).optional(),
  overdue: z
    .enum(['escalate'], {
      error: (i) =>
        `${JSON.stringify(i.input)} is not a setting: write overdue: escalate to start an overdue review with the escalation, or leave it out`,
    })
    .optional(),
});

export const regulationSchema = strict({
  id: slug('regulation id'),
  title: localized,
  timezone: z
    .string()
    .refine((s) => IANAZone.isValidZone(s), {
      error: (i) => `${JSON.stringify(i.input)} is not a known time zone: use an IANA name such as "Asia/Ho_Chi_Minh"`,
    })
    .default('Asia/Ho_Chi_Minh'),
  // The name of a file in the calendar directory: an id, never a path.
  calendar: slug('calendar id').default('vn'),
  kickoff: date,
  secretariat: strict({
    name: localized,
    locale: z.enum(['vi', 'en']).default('vi'),
    contacts: z.array(person).min(1, 'is empty: list at least one secretariat contact'),
  }),
  bodies: z.array(body).min(2, 'needs at least two bodies: a coordination regulation is between two or more'),
  areas: z
    .array(strict({ id: slug('area id'), title: localized }))
    .min(1, 'is empty: list at least one coordination area'),
  signing: strict({ at: line().optional(), place: line().optional() }).optional(),
  /**
   * The bảng tổng hợp, tiếp thu, giải trình: "required" (the default, as practice expects) holds
   * the next draft until every comment of the round has an answer; "optional" lets it go out without.
   */
  commentAnswers: z
    .enum(['required', 'optional'], {
      error: (i) => `${JSON.stringify(i.input)} is not a setting: use "required" or "optional"`,
    })
    .default('required'),
  /**
   * The documents the engine writes (reports, tables, notices): their style (Decree 30/2020 for
   * state bodies, 36-HD/VPTW for Party bodies), the issuer of the header block (one of the bodies,
   * by id, or a body named outright), the place of the date line and who signs. Checked below:
   * a definition whose documents would come out without a place or a signer is refused.
   */
  documents: strict({
    style: z
      .enum(['state', 'party'], {
        error: (i) =>
          `${JSON.stringify(i.input)} is not a document style: use "state" (Decree 30/2020/NĐ-CP) or "party" (Party bodies)`,
      })
      .default('state'),
    issuer: strict({
      parent: localized.optional(),
      name: localized.optional(),
      body: line().optional(),
      code: line()
        .refine((v) => /^[\p{Lu}\d-]{1,20}$/u.test(v), 'is not an abbreviation: write capitals, e.g. "ĐĐ" or "VPUB"')
        .optional(),
    }),
    place: localized.optional(),
    signer: strict({
      capacity: z.enum(['collective', 'head'], {
        error: (i) =>
          `${JSON.stringify(i.input)} is not a capacity: use "collective" (TM./T/M the body) or "head" (the title alone)`,
      }),
      title: localized,
      name: line("is empty: write the signer's full name"),
    }).optional(),
    regulationNumber: line().optional(),
  }).optional(),
  adopted: adopted.optional(),
  schedule,
}).superRefine((def, ctx) => {
  if (def.adopted)
    for (const issue of adoptionIssues(def.adopted, { kickoff: def.kickoff, finalReview: def.schedule.finalReview }))
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  // Each id once in its list; where each id stands.
  const unique = (key: 'bodies' | 'areas', what: string): Map<string, number> => {
    const seen = new Map<string, number>();
    def[key].forEach((x, i) => {
      if (seen.has(x.id))
        ctx.addIssue({
          code: 'custom',
          path: [key, i, 'id'],
          message: `"${x.id}" is used twice: give each ${what} its own id`,
        });
      seen.set(x.id, i);
    });
    return seen;
  };
  const seen = unique('bodies', 'body');
  if (seen.has('secretariat'))
    ctx.addIssue({
      code: 'custom',
      path: ['bodies', seen.get('secretariat')!, 'id'],
      message: '"secretariat" is reserved: choose another body id',
    });
  documentProblems(def).forEach(([path, message]) => ctx.addIssue({ code: 'custom', path, message }));
  unique('areas', 'area');
  if (def.schedule.finalReview <= def.kickoff) {
    ctx.addIssue({
      code: 'custom',
      path: ['schedule', 'finalReview'],
      message: `${def.schedule.finalReview} is not after the kick-off ${def.kickoff}: the final review ends the term`,
    });
  }
  const reviews = def.schedule.preliminaryReviews;
  if (reviews.amount === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['schedule', 'preliminaryReviews'],
      message: 'must be a positive period, e.g. "every 12 months"',
    });
  } else if (def.schedule.finalReview > def.kickoff) {
    // The regulation takes effect after kick-off, so the first sơ kết is at the earliest one
    // period after it; if that is not before the final review, no sơ kết can ever happen.
    const unit = reviews.unit === 'working-days' ? 'days' : reviews.unit;
    const first = DateTime.fromISO(def.kickoff, { zone: 'utc' })
      .plus({ [unit]: reviews.amount })
      .toISODate();
    if (first && first >= def.schedule.finalReview) {
      ctx.addIssue({
        code: 'custom',
        path: ['schedule', 'preliminaryReviews'],
        message: `the first sơ kết could come no earlier than ${first}, not before the final review ${def.schedule.finalReview}: shorten the period or move the final review`,
      });
    }
  }
});

export type RegulationInput = z.input<typeof regulationSchema>;
/** A validated, normalised regulation definition: what the lifecycle workflow receives. */
export type Regulation = z.output<typeof regulationSchema>;
/**
 * Compile-time check: a parsed definition is a valid workflow input. The workflow's own type
 * (workflows/definitions.ts) is written out, so changing the schema cannot change it unseen.
 */
type FitsWorkflowInput<T extends WorkflowRegulation> = T;
export type CheckedRegulation = FitsWorkflowInput<Regulation>;

export { DefinitionError };

/** Formats a zod path the way people write it: bodies[1].contacts[0].email */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
}

/** One problem of a definition: the field's path and what to do about it (the register and the console name the field their way). */
export interface FieldProblem {
  path: (string | number)[];
  /** The whole line as `start` prints it, field first. */
  line: string;
  /** The same without the field's name, for a page or a register that names the field itself. */
  message: string;
}

function describe(issue: z.core.$ZodIssue): FieldProblem[] {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  if (issue.code === 'unrecognized_keys' && issue.message.startsWith(VALID_KEYS)) {
    const valid = issue.message.slice(VALID_KEYS.length).split(' ');
    return issue.keys.map((k) => {
      const line = unknownKeyProblem(k, valid, formatPath(issue.path));
      return { path, line, message: line };
    });
  }
  const where = formatPath(issue.path) || '(file)';
  const message = describeOne(issue);
  return [{ path, line: `${where}: ${message}`, message }];
}

function describeOne(issue: z.core.$ZodIssue): string {
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined)
    return 'is missing: add it';
  if (issue.code === 'invalid_type')
    return `expected ${issue.expected}, got ${JSON.stringify(issue.input)}: write a ${issue.expected}`;
  if (issue.code === 'invalid_union')
    return `${JSON.stringify(issue.input)} is not valid here: see config/regulations/long-an-2022.yaml for the form`;
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}: remove or correct ${issue.keys.length > 1 ? 'them' : 'it'}`;
  return issue.message;
}

/** Validates an already-parsed definition object: the regulation, or every problem by field. */
export function checkDefinition(raw: unknown): { regulation: Regulation } | { problems: FieldProblem[] } {
  // reportInput: messages quote what was written (and tell a missing field from a wrong one).
  const result = regulationSchema.safeParse(raw, { reportInput: true });
  if (result.success) return { regulation: result.data };
  return { problems: result.error.issues.flatMap(describe) };
}

/** Validates an already-parsed definition object; throws DefinitionError listing every problem. */
export function parseRegulation(raw: unknown, source = 'definition'): Regulation {
  const checked = checkDefinition(raw);
  if ('problems' in checked)
    throw new DefinitionError(
      source,
      checked.problems.map((p) => p.line),
    );
  return checked.regulation;
}

/** Reads a YAML or JSON definition file and validates it. */
export function loadRegulation(file: string): Regulation {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new DefinitionError(file, [
      `cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'}): check the path`,
    ]);
  }
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new DefinitionError(file, [
      `is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`,
    ]);
  }
  return parseRegulation(raw, file);
}

/**
 * What would leave the documents incomplete: no documents block, no issuer, an issuer body that is
 * not one of the bodies, no place for the date line, no signer. Each with its path and the fix.
 */
function documentProblems(def: {
  bodies: { id: string }[];
  adopted?: unknown;
  documents?: { issuer: { name?: unknown; body?: string }; place?: unknown; signer?: unknown };
}): [PropertyKey[], string][] {
  const d = def.documents;
  const example = 'see config/regulations/long-an-2022.yaml';
  // A regulation adopted from a register runs its remaining reviews first: its documents are issued
  // in the secretariat's name, unsigned, until the office adds a documents block (README: Adopting).
  if (!d && def.adopted) return [];
  if (!d)
    return [[['documents'], `is missing: say who issues and signs the documents (issuer, place, signer), ${example}`]];
  const out: [PropertyKey[], string][] = [];
  const ids = def.bodies.map((b) => b.id);
  if (d.issuer.body !== undefined && !ids.includes(d.issuer.body))
    out.push([
      ['documents', 'issuer', 'body'],
      `"${d.issuer.body}" is not a body of this regulation: use one of ${ids.join(', ')}`,
    ]);
  if (d.issuer.body === undefined && d.issuer.name === undefined)
    out.push([
      ['documents', 'issuer'],
      `names no issuer: give the id of the body that issues the documents (body: ${ids[0]}) or its name`,
    ]);
  if (!d.place)
    out.push([
      ['documents', 'place'],
      'is missing: write the place of the date line, e.g. { vi: "Long An", en: "Long An" }',
    ]);
  if (!d.signer)
    out.push([
      ['documents', 'signer'],
      `is missing: give the signer's capacity (collective or head), title and name, ${example}`,
    ]);
  return out;
}
