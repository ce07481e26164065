/** `regulation status ID`: the lifecycle (or one review) as readable tables, or JSON. */
import type { Command } from 'commander';
import type { Adoption } from '../../domain/adoption';
import type { LifecycleStatus, ReviewStatus } from '../../domain/lifecycle';
import type { Problem } from '../api';
import { commentRows } from '../../domain/comments';
import {
  capitalized,
  DECISION,
  GENERAL_AREA,
  HANDLING,
  LABELS,
  NOT_ANSWERED,
  OUTCOME,
  ROUND_RESULT,
  STAGE,
} from '../../domain/words';
import { fields, formatDay, formatInstant, scheduleNow, section, table, truncate } from '../format';
import { reviewId } from '../ids';
import { byCodeUnits } from '../../domain/text';
import { example, lifecycleCommand, parseReview, print, printJson, withClient } from './common';

/** What was recorded at adoption, in one line: the engine did not run it. */
export function adoptedLine(a: Adoption): string {
  const signed = a.signedOn
    ? `signed ${formatDay(a.signedOn)}${a.number ? ` (No. ${a.number})` : ''}, in force ${formatDay(a.effectiveOn ?? a.signedOn)}`
    : `draft ${a.draft?.version ?? '?'} out for comments (round ${a.draft?.round ?? '?'}, due ${formatDay(a.draft?.deadline)})`;
  const held = a.reviewsHeld.length;
  return `recorded at adoption: ${signed}${held ? `; ${held} sơ kết held before` : ''}${a.link ? `; ${a.link}` : ''}`;
}

/** The lifecycle status as a page of aligned tables. */
export function renderStatus(s: LifecycleStatus): string {
  const round = s.rounds[s.rounds.length - 1];
  const draft = s.drafts[s.drafts.length - 1];
  const head = fields([
    ['Stage', `${STAGE[s.stage].en}${s.cycle > 1 ? ` (amendment cycle ${s.cycle})` : ''}`],
    [
      'Round',
      round
        ? `${round.n} (draft ${round.draftVersion}${round.result ? `, ${ROUND_RESULT[round.result].en}` : round.closedAt ? ', closed' : ', open'})`
        : '-',
    ],
    [
      'Draft',
      draft ? `${draft.version}, submitted ${formatInstant(draft.submittedAt)}: ${draft.link}` : 'not submitted yet',
    ],
    [
      'Signing session',
      s.signingSession
        ? `${formatInstant(s.signingSession.at)}${s.signingSession.place ? `, ${s.signingSession.place}` : ''}`
        : undefined,
    ],
    ['In force since', s.effectiveDate ? formatDay(s.effectiveDate) : undefined],
    ['Adopted', s.adopted ? adoptedLine(s.adopted) : undefined],
    [
      'Next review',
      s.nextReview
        ? `${LABELS.review(s.nextReview.kind, s.nextReview.n).en}, meeting ${formatDay(s.nextReview.meetingDate)}`
        : undefined,
    ],
    ['Withdrawn', s.withdrawn ? `${formatInstant(s.withdrawn.at)}: ${s.withdrawn.reason}` : undefined],
    ['Closed', s.closedAt ? formatInstant(s.closedAt) : undefined],
    ['Schedule time', formatInstant(scheduleNow(s))],
  ]);
  const parts = [`${s.regulationId}: ${s.title.vi}`, `${s.title.en}`, '', head];
  parts.push(
    section(
      'Bodies',
      table(
        ['body', 'state', 'decision'],
        s.parties.map((p) => [p.body, p.state, p.decision && DECISION[p.decision].en]),
      ),
    ),
  );
  if (round && Object.keys(round.answers).length > 0) {
    parts.push(
      section(
        `Answers in round ${round.n}`,
        table(
          ['body', 'decision', 'answered', 'reference', 'comments'],
          Object.entries(round.answers).map(([body, a]) => [
            body,
            DECISION[a.decision].en,
            formatInstant(a.at),
            a.reference,
            a.comments.map((c) => `${c.area ?? GENERAL_AREA.en}: ${truncate(c.text, 40)}`).join('; ') || '-',
          ]),
        ),
      ),
    );
  }
  if (round && round.closedAt && s.stage === 'revision') {
    const rows = commentRows(round);
    if (rows.length > 0) {
      const done = rows.filter((x) => x.response).length;
      parts.push(
        section(
          `Comment answers in round ${round.n} (${done} of ${rows.length} answered)`,
          table(
            ['comment', 'area', 'text', 'handling', 'explanation'],
            rows.map((x) => [
              x.id,
              x.area ?? GENERAL_AREA.en,
              x.text !== undefined ? truncate(x.text, 40) : '-',
              x.response ? HANDLING[x.response.handling].en : NOT_ANSWERED.en.toUpperCase(),
              x.response?.explanation ? truncate(x.response.explanation, 40) : '-',
            ]),
          ),
        ),
      );
    }
  }
  parts.push(section('Deadlines', deadlineTable(s.deadlines, scheduleNow(s))));
  const signed = Object.entries(s.signatures);
  if (signed.length > 0)
    parts.push(
      section(
        'Signatures',
        table(
          ['body', 'signer', 'signed'],
          signed.map(([b, sig]) => [b, sig.signer, formatInstant(sig.signedAt)]),
        ),
      ),
    );
  if (s.reviews.length > 0) {
    parts.push(
      section(
        'Reviews',
        table(
          ['review', 'meeting', 'reports', 'outcome'],
          s.reviews.map((r) => [
            LABELS.review(r.kind, r.n).en,
            formatDay(r.meetingDate),
            Object.keys(r.reports).join(', ') || '-',
            `${r.outcome ? capitalized(OUTCOME[r.outcome.decision]).en : '-'}${r.recordedAtAdoption ? ' (recorded at adoption)' : ''}`,
          ]),
        ),
      ),
    );
  }
  return parts.join('\n');
}

/** Open deadlines with their next reminder and, in short, why the date (the holidays the period counted around). */
function deadlineTable(deadlines: LifecycleStatus['deadlines'], now: string): string {
  return table(
    ['deadline', 'what', 'last day', 'next reminder', 'days off counted', ''],
    deadlines.map((d) => [
      d.key,
      d.label.en,
      formatDay(d.lastDay),
      // A reminder whose time has come is being sent: never print a "next" reminder in the past.
      d.moving
        ? 'being re-planned'
        : d.nextReminder
          ? d.nextReminder <= now
            ? 'being sent now'
            : formatInstant(d.nextReminder)
          : '-',
      (d.daysOff ?? []).map((o) => `${o.reason} ${o.from}${o.to !== o.from ? `–${o.to}` : ''}`).join('; ') || '-',
      d.moving ? 'MOVED' : d.overdue ? 'OVERDUE' : '',
    ]),
  );
}

/** A review's status: its meeting, who reported, its deadlines and outcome. */
export function renderReview(r: ReviewStatus): string {
  const parts = [
    fields([
      ['Review', `${LABELS.review(r.kind, r.n).en} of ${r.lifecycleId}`],
      ['Meeting', r.meetingAt ? formatInstant(r.meetingAt) : formatDay(r.meetingDate)],
      [
        'Outcome',
        r.outcome
          ? `${capitalized(OUTCOME[r.outcome.decision]).en}${r.outcome.notes ? `: ${r.outcome.notes}` : ''}`
          : 'not recorded yet',
      ],
      ['Schedule time', formatInstant(scheduleNow(r))],
    ]),
  ];
  parts.push(
    section(
      'Bodies',
      table(
        ['body', 'state', 'report'],
        r.parties.map((p) => [
          p.body,
          p.state,
          r.reports[p.body]
            ? `${Object.keys(r.reports[p.body]!.assessments).join(', ')} (${formatInstant(r.reports[p.body]!.at)})`
            : '-',
        ]),
      ),
    ),
  );
  parts.push(section('Deadlines', deadlineTable(r.deadlines, scheduleNow(r))));
  return parts.join('\n');
}

/** The lines that tell an operator a workflow is stuck, and what to do. */
export function renderProblem(workflowId: string, p: Problem): string {
  return [
    `PROBLEM: ${workflowId} is stuck: its workflow task has failed ${p.attempt - 1} time(s) since ${formatInstant(p.since)}.`,
    `Reason: ${p.reason}`,
    'Nothing moves until a worker with fixed code is deployed; Temporal then retries the task by itself (README: Stuck lifecycles).',
  ].join('\n');
}

/** Three lines after an update: where the lifecycle stands now. */
export function brief(s: LifecycleStatus): string {
  const next = [...s.deadlines].sort((a, b) => byCodeUnits(a.lastDay, b.lastDay) || byCodeUnits(a.at, b.at))[0];
  return fields(
    [
      ['Stage', STAGE[s.stage].en],
      ['Round', s.round !== undefined ? String(s.round) : undefined],
      ['Draft', s.draftVersion],
      ['Signing session', s.stage === 'signing' && s.signingSession ? formatInstant(s.signingSession.at) : undefined],
      [
        'Next deadline',
        next ? `${next.label.en}, last day ${formatDay(next.lastDay)}${next.moving ? ' (just moved)' : ''}` : undefined,
      ],
    ],
    '  ',
  );
}

/** Registers `status`. */
export function registerStatus(program: Command): void {
  const cmd = lifecycleCommand(
    program,
    'status',
    "show a lifecycle's stage, round, each body's state, deadlines and next reminders",
    'lifecycle id (the regulation id)',
  )
    .option('--review <n|final>', 'show a review instead: its number, or "final" for the tổng kết', parseReview)
    .option('--json', 'print the status as JSON (for scripts)')
    .option('--full', "also read the full record from the histories: every earlier stage's emails and exchanges")
    .action(async (id: string, opts: { review?: number | 'final'; json?: boolean; full?: boolean }) => {
      await withClient(async (api) => {
        const workflowId = opts.review !== undefined ? reviewId(id, opts.review) : id;
        // The stuck check (a describe) and the status query go out together: the answer costs one round trip.
        const asked: Promise<LifecycleStatus | ReviewStatus> =
          opts.review !== undefined
            ? api.reviewStatus(id, opts.review)
            : opts.full
              ? api.status(id)
              : api.liveStatus(id);
        const answer = asked.then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        const problem = await api.problem(workflowId).catch(() => undefined);
        if (problem) {
          // A workflow whose tasks fail cannot answer a query either: say what is wrong first.
          const got = await Promise.race([
            answer,
            new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000).unref()),
          ]);
          const s = got && 'value' in got ? got.value : undefined;
          if (opts.json) return printJson({ ...s, problem });
          return print(
            [
              renderProblem(workflowId, problem),
              s
                ? 'regulationId' in s
                  ? renderStatus(s)
                  : renderReview(s)
                : 'Status: not available until the workflow task succeeds.',
            ].join('\n\n'),
          );
        }
        // The status query answers; the histories are read only when the full record is asked for.
        const got = await answer;
        if ('error' in got) throw got.error;
        const s = got.value;
        if (opts.json) printJson(s);
        else print('regulationId' in s ? renderStatus(s) : renderReview(s));
      });
    });
  example(
    cmd,
    'regulation status long-an-hdnd-tand-2022',
    'regulation status long-an-hdnd-tand-2022 --review 1',
    'regulation status long-an-hdnd-tand-2022 --json | jq .stage',
  );
}
