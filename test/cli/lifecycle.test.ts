/**
 * The CLI against a real server and worker: a clerk starts the Long An lifecycle, records the
 * draft and a body's answer, moves a deadline, logs an exchange, exports and withdraws it; and
 * every mistake on the way is one line with exit code 1.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { LifecycleStatus } from '../../domain/lifecycle';
import { documentXml, textOf } from '../documents/fixtures';
import { LONG_AN } from '../support/lifecycle-harness';
import { definitionFile, startCliServer, type CliServer } from './cli-support';

let s: CliServer;
beforeAll(async () => {
  s = await startCliServer();
}, 180_000);
afterAll(async () => {
  await s?.stop();
});

const ID = 'long-an-hdnd-tand-2022';
const ok = (r: { code: number; stderr: string }) =>
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });

describe('the Long An lifecycle through the CLI', () => {
  test('start prints the workflow id and the UI link; starting again changes nothing', async () => {
    // The source's schedule: the kick-off meeting of 17 Aug 2022 at 14:00, then real time.
    const r = await s.cli('start', LONG_AN, '--start-at', '2022-08-17 14:00');
    ok(r);
    expect(r.stdout).toContain(`Started lifecycle ${ID}`);
    expect(r.stdout).toMatch(new RegExp(`Workflow id: +${ID}\n`));
    expect(r.stdout).toContain(`Temporal UI: ${s.uiUrl}/namespaces/default/workflows/${ID}`);

    const again = await s.cli('start', LONG_AN, '--start-at', '2022-08-17 14:00');
    expect(again).toEqual({
      code: 1,
      stdout: '',
      stderr: `regulation: lifecycle ${ID} is already running: see 'regulation status ${ID}'; nothing was started\n`,
    });
    const runs = await s.api.client.workflow.list({ query: `WorkflowId = "${ID}"` });
    let count = 0;
    for await (const _ of runs) count += 1;
    expect(count).toBe(1);
  });

  test('status shows the drafting stage, each body and the drafting deadline', async () => {
    const r = await s.cli('status', ID);
    ok(r);
    expect(r.stdout).toContain(`${ID}: Quy chế phối hợp`);
    expect(r.stdout).toMatch(/Stage: +Drafting\n/);
    expect(r.stdout).toMatch(/Draft: +not submitted yet/);
    expect(r.stdout).toMatch(/Schedule time: +Wed 17 Aug 2022 14:\d\d\n/);
    expect(r.stdout).toMatch(/Bodies\n {2}BODY +STATE +DECISION\n {2}hdnd +\w+ +-\n {2}tand /);
    // 30 days after the kick-off, shown as a Vietnamese local date with its weekday; the first
    // reminder 7 working days before (1–2 Sep are National Day holidays).
    // …and, in short, why that date: the National Day holidays inside the 30 days.
    expect(r.stdout).toMatch(
      /Deadlines\n {2}DEADLINE +WHAT +LAST DAY +NEXT REMINDER +DAYS OFF COUNTED\n {2}drafting +Drafting the regulation +Fri 16 Sep 2022 +Wed 7 Sep 2022 08:00 +Quốc khánh \(ngày liền kề\) 2022-09-01; Quốc khánh \(2\/9\) 2022-09-02\n/,
    );

    const json = await s.cli('status', ID, '--json');
    ok(json);
    const st = JSON.parse(json.stdout) as LifecycleStatus;
    expect(st.stage).toBe('drafting');
    expect(st.deadlines.map((d) => d.key)).toEqual(['drafting']);
  });

  test('draft records the version with the sha256 of its file and opens round 1', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-draft-')), 'quy-che-v1.pdf');
    fs.writeFileSync(file, 'Dự thảo quy chế phối hợp v1\n'.repeat(5000));
    const sha = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const r = await s.cli(
      'draft',
      ID,
      '--version',
      'v1',
      '--link',
      'https://docs.example.org/quy-che-v1.pdf',
      '--file',
      file,
    );
    ok(r);
    expect(r.stdout).toContain(`Draft v1 recorded for ${ID} (sha256 ${sha})`);
    expect(r.stdout).toMatch(/Draft: +v1\n/);
    const st = await s.until('round 1 to open', async () =>
      ((x) => (x.stage === 'consultation' ? x : undefined))(await s.api.status(ID)),
    );
    expect(st.round).toBe(1);
    expect(st.drafts).toEqual([expect.objectContaining({ version: 'v1', sha256: sha })]);

    const dup = await s.cli('draft', ID, '--version', 'v1', '--link', 'https://docs.example.org/quy-che-v1.pdf');
    expect(dup).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'regulation: rejected: a draft is not expected in stage consultation: drafts are submitted while drafting or revising\n',
    });
  });

  test('feedback records a request for changes with a comment per area and the letter reference', async () => {
    const r = await s.cli(
      'feedback',
      ID,
      '--body',
      'tand',
      '--request-changes',
      '--comment',
      'supervision=Thêm thời hạn 15 ngày trả lời yêu cầu giám sát',
      '--comment',
      "petitions=Name who forwards citizens' complaints",
      '--comment',
      'Use the 2022 name of the office',
      '--reference',
      '123/CV-TAND, 2022-09-20',
    );
    ok(r);
    expect(r.stdout).toContain('Answer of tand to round 1 recorded: Request changes, 3 comments');

    const st = await s.cli('status', ID);
    ok(st);
    expect(st.stdout).toMatch(/Round: +1 \(draft v1, open\)/);
    expect(st.stdout).toMatch(/hdnd +pending/);
    expect(st.stdout).toMatch(/tand +answered +Request changes/);
    expect(st.stdout).toMatch(
      /Answers in round 1\n.*\n {2}tand +Request changes +.+123\/CV-TAND, 2022-09-20 +supervision: Thêm thời hạn 15 ngày/,
    );
    expect(st.stdout).toContain('General: Use the 2022 name of the office');
  });

  test("a rejected answer prints the validator's message and exits 1", async () => {
    const again = await s.cli('feedback', ID, '--body', 'tand', '--agree');
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(
      /^regulation: rejected: body: tand already answered round 1 \(request-changes at .+\): one answer per body and round\n$/,
    );

    const unknown = await s.cli('feedback', ID, '--body', 'xyz', '--agree');
    expect(unknown).toEqual({
      code: 1,
      stdout: '',
      stderr: 'regulation: rejected: body: unknown body "xyz": use one of hdnd, tand\n',
    });

    const area = await s.cli('feedback', ID, '--body', 'hdnd', '--request-changes', '--comment', 'budget=More money');
    expect(area).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'regulation: rejected: comments[0].area: unknown area "budget": use one of directive-26, supervision, petitions, personnel or omit it for a general comment\n',
    });

    const future = await s.cli('feedback', ID, '--body', 'hdnd', '--agree', '--round', '2');
    expect(future).toEqual({
      code: 1,
      stdout: '',
      stderr: 'regulation: rejected: round: round 2 has not started: the current round is 1\n',
    });

    const early = await s.cli('sign', ID, '--body', 'hdnd', '--signer', 'Mai Văn Nhiều');
    expect(early.code).toBe(1);
    expect(early.stderr).toBe(
      'regulation: rejected: a signature before agreement is not possible: the lifecycle is in consultation; bodies sign after every body agreed\n',
    );

    const review = await s.cli('report', ID, '--review', '1', '--body', 'tand', '--assessment', 'supervision=On time');
    expect(review).toEqual({
      code: 1,
      stdout: '',
      stderr: `regulation: review 1 of ${ID} is not open: no workflow ${ID}/so-ket-1\n`,
    });
  });

  test('extend moves the round deadline, and the record keeps the reason', async () => {
    const before = await s.api.status(ID);
    const entry = before.deadlines.find((d) => d.key === 'consultation/round-1')!;
    const to = DateTime.fromISO(entry.lastDay).plus({ days: 7 }).toISODate()!;
    const r = await s.cli(
      'extend',
      ID,
      '--deadline',
      'consultation/round-1',
      '--to',
      to,
      '--reason',
      'Leaders agreed at the meeting',
    );
    ok(r);
    expect(r.stdout).toContain(
      `Deadline consultation/round-1 of ${ID} moved to ${DateTime.fromISO(to).toFormat('ccc d LLL yyyy')}`,
    );
    // The deadline watcher applies it in its own step: wait until it has.
    await s.until('the extension to apply', async () =>
      (await s.api.status(ID)).extensions.length > 0 ? true : undefined,
    );
    const st = await s.cli('status', ID);
    expect(st.stdout).toMatch(
      new RegExp(`consultation/round-1 +.+ ${DateTime.fromISO(to).toFormat('ccc d LLL yyyy')} `),
    );

    const bad = await s.cli('extend', ID, '--deadline', 'signing', '--to', to, '--reason', 'x');
    expect(bad).toEqual({
      code: 1,
      stdout: '',
      stderr: 'regulation: rejected: deadline: "signing" is not an open deadline: use consultation/round-1\n',
    });
  });

  test('exchange logs information sent between bodies', async () => {
    const r = await s.cli(
      'exchange',
      ID,
      '--from',
      'tand',
      '--to',
      'hdnd',
      '--subject',
      'Thống kê xét xử quý III',
      '--summary',
      '1.204 vụ án đã giải quyết',
      '--link',
      'https://docs.example.org/q3.pdf',
    );
    ok(r);
    expect(r.stdout).toContain('Exchange from tand to hdnd logged: Thống kê xét xử quý III');
    const self = await s.cli('exchange', ID, '--from', 'tand', '--to', 'tand', '--subject', 'x', '--summary', 'y');
    expect(self).toEqual({
      code: 1,
      stdout: '',
      stderr: 'regulation: rejected: to[0]: "tand" is the sender: name the bodies that receive the information\n',
    });
  });

  test('list finds the lifecycle by stage from visibility', async () => {
    await s.until('visibility to show the consultation stage', async () =>
      (await s.api.list({ stage: 'consultation' })).length > 0 ? true : undefined,
    );
    const r = await s.cli('list', '--stage', 'consultation');
    ok(r);
    expect(r.stdout).toMatch(
      new RegExp(
        `^LIFECYCLE +STAGE +NEXT DEADLINE +PENDING +STATUS +STARTED\n${ID} +consultation +\\w{3} \\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2} +hdnd +running`,
      ),
    );
    const none = await s.cli('list', '--stage', 'in-force');
    expect(none).toEqual({ code: 0, stdout: 'No lifecycles in stage in-force.\n', stderr: '' });
    const json = await s.cli('list', '--json');
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ workflowId: ID, stage: 'consultation', pendingBodies: ['hdnd'] }),
    ]);
  });

  test('export writes the full record as Markdown and as JSON', async () => {
    await s.until('the feedback requests to be logged', async () =>
      (await s.api.status(ID)).mails.some((m) => m.kind === 'feedback-request') ? true : undefined,
    );
    const md = await s.cli('export', ID);
    ok(md);
    expect(md.stdout).toContain('# Quy chế phối hợp giữa Đảng đoàn HĐND tỉnh');
    expect(md.stdout).toContain('## Draft versions');
    expect(md.stdout).toContain('| v1 | 1 |');
    expect(md.stdout).toContain('### Round 1 (draft v1, cycle 1)');
    expect(md.stdout).toContain('#### tand: Request changes');
    expect(md.stdout).toContain('reference 123/CV-TAND, 2022-09-20');
    expect(md.stdout).toContain('**tand-1 · supervision**\n\n> Thêm thời hạn 15 ngày trả lời yêu cầu giám sát');
    expect(md.stdout).toContain('**tand-3 · General**\n\n> Use the 2022 name of the office');
    expect(md.stdout).toContain('tand → hdnd: **Thống kê xét xử quý III** (https://docs.example.org/q3.pdf)');
    expect(md.stdout).toMatch(/Comments on draft v1 \(round 1\) moved from .+ to .+: Leaders agreed at the meeting/);
    // Open deadlines with the calendar version they were planned on.
    expect(md.stdout).toMatch(
      /## Open deadlines\n\n- consultation\/round-1: Comments on draft v1 \(round 1\), last day .+ \(calendar version [0-9a-f]{12}\)/,
    );
    expect(md.stdout).toMatch(
      /## Emails sent\n\n\| Date \| Kind \|.*\n.*\n(\|.*\n)*\| \w{3} \d{1,2} \w{3} \d{4} \| Request for comments \|/,
    );

    const json = await s.cli('export', ID, '--format', 'json');
    ok(json);
    const record = JSON.parse(json.stdout) as LifecycleStatus;
    expect(record.rounds[0]!.answers['tand']!.comments).toContainEqual({
      area: 'supervision',
      text: 'Thêm thời hạn 15 ngày trả lời yêu cầu giám sát',
    });
    expect(record.exchanges).toHaveLength(1);
    expect(record.mails.length).toBeGreaterThan(0);

    // The official .docx: the definition's Party style, every comment, no ISO date in the text.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-docx-'));
    const docx = await s.cli('export', ID, '--format', 'docx', '--out', path.join(dir, 'record.docx'));
    ok(docx);
    expect(docx.stdout).toBe(`Record of ${ID} written to ${path.join(dir, 'record.docx')}\n`);
    const text = textOf(documentXml(fs.readFileSync(path.join(dir, 'record.docx'))));
    expect(text).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(text).toContain('Thêm thời hạn 15 ngày trả lời yêu cầu giám sát');
    expect(text).toContain('công văn số 123/CV-TAND, 2022-09-20');
    // The only ISO date is the one the clerk typed into the letter reference.
    expect(text.replace('123/CV-TAND, 2022-09-20', '')).not.toMatch(/\d{4}-\d{2}-\d{2}|undefined/);
    const en = await s.cli('export', ID, '--format', 'docx', '--lang', 'en', '--out', path.join(dir, 'record-en.docx'));
    ok(en);
    expect(textOf(documentXml(fs.readFileSync(path.join(dir, 'record-en.docx'))))).toContain(
      'COMMUNIST PARTY OF VIET NAM',
    );
  });

  test('withdraw ends the lifecycle, and nothing more can be recorded', async () => {
    const r = await s.cli('withdraw', ID, '--reason', 'Replaced by the province-wide regulation');
    ok(r);
    expect(r.stdout).toContain(`Lifecycle ${ID} withdrawn: Replaced by the province-wide regulation`);
    expect(r.stdout).toMatch(/Stage: +Withdrawn/);
    const st = await s.cli('status', ID);
    expect(st.stdout).toMatch(
      /Withdrawn: +\w{3} \d{1,2} \w{3} \d{4} \d{2}:\d{2}: Replaced by the province-wide regulation/,
    );
  });
});

test('signing: schedule the session, both bodies sign, the regulation is in force', async () => {
  const id = 'cli-signing';
  ok(await s.cli('start', definitionFile(id), '--start-at', '2022-08-17 14:00'));
  ok(await s.cli('draft', id, '--version', 'v1', '--link', 'https://docs.example.org/v1.pdf'));
  ok(await s.cli('feedback', id, '--body', 'hdnd', '--agree'));
  ok(await s.cli('feedback', id, '--body', 'tand', '--agree', '--reference', '45/CV-TAND'));
  await s.until('the signing stage', async () => ((await s.api.status(id)).stage === 'signing' ? true : undefined));

  const sched = await s.cli('schedule-signing', id, '--at', '2022-08-24 09:00', '--place', 'Hội trường HĐND tỉnh');
  ok(sched);
  expect(sched.stdout).toContain(`Signing session of ${id} set for Wed 24 Aug 2022 09:00 at Hội trường HĐND tỉnh`);
  const past = await s.cli('schedule-signing', id, '--at', '2022-08-01 09:00');
  expect(past).toEqual({
    code: 1,
    stdout: '',
    stderr: 'regulation: rejected: at: 2022-08-01T09:00:00+07:00 is in the past: choose a future date and time\n',
  });

  ok(await s.cli('sign', id, '--body', 'hdnd', '--signer', 'Mai Văn Nhiều'));
  const twice = await s.cli('sign', id, '--body', 'hdnd', '--signer', 'Mai Văn Nhiều');
  expect(twice).toEqual({
    code: 1,
    stdout: '',
    stderr: 'regulation: rejected: body: hdnd already signed (Mai Văn Nhiều)\n',
  });
  const last = await s.cli('sign', id, '--body', 'tand', '--signer', 'Lê Quốc Dũng');
  ok(last);
  expect(last.stdout).toContain('Signature of tand (Lê Quốc Dũng) recorded');
  await s.until('the in-force stage', async () => ((await s.api.status(id)).stage === 'in-force' ? true : undefined));
  const st = await s.cli('status', id);
  expect(st.stdout).toMatch(/Stage: +In force/);
  expect(st.stdout).toMatch(/Signatures\n {2}BODY +SIGNER +SIGNED\n {2}hdnd +Mai Văn Nhiều/);
  expect(st.stdout).toMatch(/Next review: +Preliminary review 1, meeting \w{3} \d{1,2} \w{3} \d{4}/);
});

test('an unknown lifecycle id is one line naming the fix', async () => {
  for (const args of [
    ['status', 'no-such-regulation'],
    ['withdraw', 'no-such-regulation', '--reason', 'x'],
    ['export', 'no-such-regulation'],
  ]) {
    const r = await s.cli(...args);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: "regulation: no lifecycle with id no-such-regulation: check the id with 'regulation list'\n",
    });
  }
});

test('an invalid definition starts nothing', async () => {
  const file = definitionFile('cli-invalid', (y) => y.replace('maxRounds: 3', 'maxRounds: 0'));
  const r = await s.cli('start', file);
  expect(r).toEqual({
    code: 1,
    stdout: '',
    stderr: `regulation: ${file}: 1 problem\n  schedule.maxRounds: must be at least 1\n`,
  });
  const st = await s.cli('status', 'cli-invalid');
  expect(st.stderr).toBe("regulation: no lifecycle with id cli-invalid: check the id with 'regulation list'\n");
});

test('the example script starts the source regulation through the typed API and prints its status', async () => {
  const { execFile } = await import('node:child_process');
  const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'client/examples/start-long-an.ts'],
      { cwd: path.join(__dirname, '../..'), env: { ...process.env, ...s.env } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  // The Long An lifecycle above was withdrawn, so this starts a new run under the same id.
  expect(out.stdout).toContain(`Started ${ID}: ${s.uiUrl}/namespaces/default/workflows/${ID}`);
  // It starts at the kick-off meeting, so nothing is overdue yet.
  expect(out.stdout).toMatch(/Stage drafting, schedule time 2022-08-17T07:0/);
  expect(out.stdout).toMatch(/\n {2}hdnd: \w+\n {2}tand: \w+\n$/);
});

test('report and outcome: a sơ kết in a rehearsal (a day per second, reviews every 2 months)', async () => {
  const id = 'cli-review';
  const file = definitionFile(id, (y) =>
    y
      .replace('preliminaryReviews: every 12 months', 'preliminaryReviews: every 2 months')
      .replace('  reportsDue: 10 working days', '  reportsDue: 5 working days\n  reviewNotice: 70 days'),
  );
  const started = await s.cli('start', file, '--rehearsal', '86400');
  ok(started);
  expect(started.stdout).toContain(`Started lifecycle ${id} (rehearsal ×86400)`);
  // The earlier stages through the typed API: each CLI call costs a schedule day here.
  await s.api.submitDraft(id, { version: 'v1', link: 'https://docs.example.org/v1.pdf' });
  await s.until('round 1', async () => ((await s.api.status(id)).stage === 'consultation' ? true : undefined));
  await s.api.submitFeedback(id, { body: 'hdnd', round: 1, decision: 'agree' });
  await s.api.submitFeedback(id, { body: 'tand', round: 1, decision: 'agree' });
  await s.until('signing', async () => ((await s.api.status(id)).stage === 'signing' ? true : undefined));
  await s.api.recordSignature(id, { body: 'hdnd', signer: 'Mai Văn Nhiều' });
  await s.api.recordSignature(id, { body: 'tand', signer: 'Lê Quốc Dũng' });
  await s.until('sơ kết 1 to open', () => s.api.reviewStatus(id, 1).catch(() => undefined), 60_000);

  const md = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-report-')), 'report.md');
  fs.writeFileSync(
    md,
    '# Báo cáo sơ kết lần 1\n\n## supervision — Giám sát\nCác yêu cầu giám sát được trả lời đúng hạn.\n\n## petitions\nĐã giải quyết 12 đơn.\n',
  );
  const report = await s.cli('report', id, '--review', '1', '--body', 'tand', '--file', md);
  ok(report);
  expect(report.stdout).toContain(`Report of tand for sơ kết 1 of ${id} recorded (supervision, petitions)`);
  expect(report.stdout).toMatch(/tand +reported +supervision, petitions/);
  const wrong = await s.cli('report', id, '--review', '2', '--body', 'hdnd', '--assessment', 'supervision=ok');
  expect(wrong).toEqual({
    code: 1,
    stdout: '',
    stderr: `regulation: review 2 of ${id} is not open: no workflow ${id}/so-ket-2\n`,
  });

  const early = await s.cli('outcome', id, '--review', '1', '--continue');
  expect(early.code).toBe(1);
  expect(early.stderr).toMatch(
    /^regulation: rejected: .*reports are still pending: record the outcome after the meeting\n$/,
  );
  const second = await s.cli(
    'report',
    id,
    '--review',
    '1',
    '--body',
    'hdnd',
    '--assessment',
    'supervision=Đúng hạn',
    '--assessment',
    'personnel=Đã giới thiệu 20 hội thẩm',
  );
  ok(second);
  expect(second.stdout).toMatch(/hdnd +reported +supervision, personnel/);

  const outcome = await s.cli('outcome', id, '--review', '1', '--continue', '--notes', 'Tiếp tục thực hiện');
  ok(outcome);
  expect(outcome.stdout).toContain(
    `Outcome of the preliminary review 1 of ${id} recorded: Continue the regulation as it is`,
  );
  expect(outcome.stdout).toMatch(/Outcome: +Continue the regulation as it is: Tiếp tục thực hiện/);
  // The review ends just after it answers the outcome: a CLI that starts fast can still find it
  // open (and be refused as "already has its outcome"); the ended review is what is tested here.
  await s.until('sơ kết 1 to end', async () =>
    (await s.api.client.workflow.getHandle(`${id}/so-ket-1`).describe()).status.name === 'COMPLETED' ? true : undefined,
  );
  const again = await s.cli('outcome', id, '--review', '1', '--end');
  expect(again.code).toBe(1);
  // The concluded review has ended: nothing more reaches it.
  expect(again.stderr).toBe(
    `regulation: review 1 of ${id} has ended (completed): nothing more can be recorded; see 'regulation export ${id}'\n`,
  );
  await s.until('the lifecycle to record the review', async () =>
    (await s.api.status(id)).reviews.some((r) => r.outcome) ? true : undefined,
  );
  const st = await s.cli('status', id);
  expect(st.stdout).toMatch(
    /Reviews\n {2}REVIEW +MEETING +REPORTS +OUTCOME\n {2}Preliminary review 1 +\w{3} \d{1,2} Oct 2022 +(tand, hdnd|hdnd, tand) +Continue the regulation as it is\n/,
  );
  ok(await s.cli('withdraw', id, '--reason', 'end of the rehearsal'));
});
