/**
 * The sendMail and compileCommentTable activities against a real SMTP sink: a reminder re-checks
 * that its party is still pending before it goes out, a rejected address becomes a
 * non-retryable failure, what an attempt sent reaches the server (heartbeat details) before the
 * next message goes out, and the comment table lists every comment by body and area.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities, type CommentTableInput, type OutgoingMail } from '../../activities';
import type { SendResult } from '../../domain/mail';
import { FileSendLedger, keyHash, ledgerKey, type SentMailDetails } from '../../activities/mail/ledger';
import { createMailer, type Mailer } from '../../activities/mail/mailer';
import { calendarLoader } from '../../worker/run';
import { longAn, ROOT } from '../support/lifecycle-harness';
import { SmtpSink } from '../support/smtp-sink';

let sink: SmtpSink;
let mailer: Mailer;
let activities: ReturnType<typeof createActivities>;
let pending: string[];
const asked: string[] = [];
/** Addresses the SMTP server defers (451) for now. */
const deferred = new Set<string>();
/** What happened, in order: heartbeats the fake server acknowledged, and messages the sink received. */
const events: string[] = [];
const reg = longAn();

beforeAll(async () => {
  sink = await SmtpSink.start({
    rejectRecipients: (a) => a.startsWith('bounce@'),
    deferRecipients: (a) => deferred.has(a),
    beforeAccept: (m) => void events.push(`smtp ${m.to.join(',')}`),
  });
  mailer = createMailer({
    smtpUrl: sink.url,
    from: 'secretariat@regulations.local',
    ledger: new FileSendLedger(fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-'))),
  });
  activities = createActivities({
    mailer,
    calendar: calendarLoader(path.join(ROOT, 'config/calendars')),
    // Stands in for the query to the lifecycle: who is still pending on the step.
    pendingParties: async (workflowId, stepKey) => {
      asked.push(`${workflowId} ${stepKey}`);
      return pending;
    },
  });
});
afterAll(async () => {
  mailer.close();
  await sink.stop();
});
beforeEach(() => sink.clear());

function reminder(body: string, to: string, slot = '3 working days'): OutgoingMail {
  const b = reg.bodies.find((x) => x.id === body)!;
  return {
    kind: 'reminder',
    lifecycleId: reg.id,
    stepKey: 'consultation/round-1',
    slot,
    locale: b.locale,
    to: [{ name: 'Văn thư', email: to }],
    regulation: { id: reg.id, title: reg.title },
    audience: { role: 'body', body: { id: b.id, name: b.name } },
    step: {
      stage: 'consultation',
      round: 1,
      label: { vi: 'Góp ý dự thảo v1 (vòng 1)', en: 'Comments on draft v1 (round 1)' },
    },
    deadline: { lastDay: '2022-09-22', at: '2022-09-22T17:00:00.000Z', uid: 'x@regulations.local', sequence: 0 },
    about: [b.id],
  };
}

const env = () => new MockActivityEnvironment({ workflowExecution: { workflowId: reg.id, runId: 'r1' } } as never);
const send = (req: OutgoingMail): Promise<SendResult> => env().run(activities.sendMail, req);

test('a reminder goes out while its body is still pending', async () => {
  pending = ['tand'];
  const result = await send(reminder('tand', 'vanthu@tand.example.com'));
  expect(result.sent).toEqual(['vanthu@tand.example.com']);
  const [mail] = await sink.waitFor((m) => m.to.includes('vanthu@tand.example.com'));
  expect(mail!.subject).toContain('Nhắc hạn');
  expect(asked).toContain(`${reg.id} consultation/round-1`);
});

test('a reminder for a body that has answered meanwhile is dropped at send time', async () => {
  pending = ['tand'];
  const result = await send(reminder('hdnd', 'lienlac@hdnd.example.org', '1 working day'));
  expect(result.sent).toEqual([]);
  expect(result.skipped).toEqual(['lienlac@hdnd.example.org']);
  // A later message proves the SMTP server had the chance to receive the dropped one.
  await send(reminder('tand', 'vanthu@tand.example.com', '1 working day'));
  await sink.waitFor((m) => m.to.includes('vanthu@tand.example.com'));
  expect(sink.messages.filter((m) => m.to.includes('lienlac@hdnd.example.org'))).toEqual([]);
});

test('a reminder that starts the moment the workflow scheduled it goes out without asking the lifecycle again', async () => {
  pending = [];
  asked.length = 0;
  const now = Date.now();
  const prompt = new MockActivityEnvironment({
    workflowExecution: { workflowId: reg.id, runId: 'r1' },
    attempt: 1,
    scheduledTimestampMs: now,
    currentAttemptScheduledTimestampMs: now,
  } as never);
  const result: SendResult = await prompt.run(
    activities.sendMail,
    reminder('tand', 'vanthu@tand.example.com', '7 working days'),
  );
  // The workflow found tand pending when it scheduled the reminder a moment ago: no query, the reminder is sent.
  expect(result.sent).toEqual(['vanthu@tand.example.com']);
  expect(asked).toEqual([]);
  // The same reminder on a retry asks, and is dropped once tand has answered.
  const retry = new MockActivityEnvironment({
    workflowExecution: { workflowId: reg.id, runId: 'r1' },
    attempt: 2,
    scheduledTimestampMs: now,
    currentAttemptScheduledTimestampMs: Date.now(),
  } as never);
  const again: SendResult = await retry.run(
    activities.sendMail,
    reminder('tand', 'vanthu@tand.example.com', '2 working days'),
  );
  expect(again.skipped).toEqual(['vanthu@tand.example.com']);
  expect(asked).toEqual([`${reg.id} consultation/round-1`]);
});

test('a reminder that waited in a backlog asks the lifecycle again only if something reached it since it was scheduled', async () => {
  asked.length = 0;
  let quiet = true;
  const seen: string[] = [];
  const backlogged = createActivities({
    mailer,
    calendar: calendarLoader(path.join(ROOT, 'config/calendars')),
    pendingParties: async (workflowId, stepKey) => {
      asked.push(`${workflowId} ${stepKey}`);
      return pending;
    },
    // Stands in for the end of the history: quiet, or an answer came in after the scheduling.
    quietSinceScheduled: async (execution, activityId) => {
      seen.push(`${execution.workflowId} ${activityId}`);
      return quiet;
    },
  });
  const late = () =>
    new MockActivityEnvironment({
      workflowExecution: { workflowId: reg.id, runId: 'r1' },
      activityId: '7',
      attempt: 1,
      scheduledTimestampMs: Date.now() - 30_000,
      currentAttemptScheduledTimestampMs: Date.now() - 30_000,
    } as never);
  // Nothing came in: tand is pending as the workflow found it, so the reminder goes out without a query.
  pending = [];
  const sent: SendResult = await late().run(
    backlogged.sendMail,
    reminder('tand', 'vanthu@tand.example.com', '4 working days'),
  );
  expect(sent.sent).toEqual(['vanthu@tand.example.com']);
  expect(seen).toEqual([`${reg.id} 7`]);
  expect(asked).toEqual([]);
  // An answer came in meanwhile: the lifecycle is asked, and says tand has answered.
  quiet = false;
  const dropped: SendResult = await late().run(
    backlogged.sendMail,
    reminder('tand', 'vanthu@tand.example.com', '5 working days'),
  );
  expect(dropped.skipped).toEqual(['vanthu@tand.example.com']);
  expect(asked).toEqual([`${reg.id} consultation/round-1`]);
});

test('a permanently rejected address fails without retry and names the address', async () => {
  pending = ['tand'];
  const err = await send(reminder('tand', 'bounce@tand.example.com', '0 days')).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect((err as ApplicationFailure).type).toBe('MailRejected');
  expect((err as ApplicationFailure).nonRetryable).toBe(true);
  expect((err as ApplicationFailure).message).toContain('bounce@tand.example.com');
});

test('a retry on another worker machine skips the recipients an earlier attempt reached (heartbeat details), and sends the rest once', async () => {
  const invitation: OutgoingMail = {
    ...reminder('tand', 'chanhan@tand.example.com'),
    kind: 'signing-invitation',
    stepKey: 'signing',
    slot: 'invitation-1',
    to: [
      { name: 'Lê Quốc Dũng', email: 'chanhan@tand.example.com' },
      { name: 'Lê Thị Văn Thư', email: 'vanthu@tand.example.com' },
    ],
    about: undefined,
  };
  // Attempt 1 on machine A: the signatory gets the invitation, the contact's address is deferred.
  deferred.add('vanthu@tand.example.com');
  const first = new MockActivityEnvironment({
    workflowExecution: { workflowId: reg.id, runId: 'r1' },
    attempt: 1,
  } as never);
  let details: SentMailDetails | undefined;
  first.on('heartbeat', (d: unknown) => (details = d as SentMailDetails));
  await expect(first.run(activities.sendMail, invitation)).rejects.toThrow(/vanthu@tand\.example\.com.*451/);
  await sink.waitFor((m) => m.to.includes('chanhan@tand.example.com'));
  expect(details?.sentMail).toHaveLength(1);
  // The server answered 451, so that message is known not to have gone out: no doubt is carried on.
  expect(details?.sendingMail).toBeUndefined();
  expect(JSON.stringify(details)).not.toContain('@');

  // Attempt 2 on machine B: its own, empty ledger; only the server's heartbeat details say who got it.
  deferred.clear();
  const machineB = createMailer({
    smtpUrl: sink.url,
    from: 'secretariat@regulations.local',
    ledger: new FileSendLedger(fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-b-'))),
  });
  try {
    const onB = createActivities({ mailer: machineB, calendar: calendarLoader(path.join(ROOT, 'config/calendars')) });
    const retry = new MockActivityEnvironment({
      workflowExecution: { workflowId: reg.id, runId: 'r1' },
      attempt: 2,
      heartbeatDetails: details,
    } as never);
    const result = await retry.run(onB.sendMail, invitation);
    expect(result).toEqual({
      sent: ['vanthu@tand.example.com'],
      alreadySent: ['chanhan@tand.example.com'],
      skipped: [],
    });
    await sink.waitFor((m) => m.to.includes('vanthu@tand.example.com'));
    expect(sink.messages.map((m) => m.to.join(',')).sort()).toEqual([
      'chanhan@tand.example.com',
      'vanthu@tand.example.com',
    ]);
    // Without those details machine B would have invited the signatory a second time.
    const blind = new MockActivityEnvironment({
      workflowExecution: { workflowId: reg.id, runId: 'r1' },
      attempt: 2,
    } as never);
    expect(((await blind.run(onB.sendMail, invitation)) as SendResult).sent).toEqual(['chanhan@tand.example.com']);
  } finally {
    machineB.close();
  }
});

describe('with acknowledged heartbeats (as the worker sends them)', () => {
  const exchange = (slot: string, to: string[]): OutgoingMail => ({
    ...reminder('hdnd', to[0]!),
    kind: 'information-exchange',
    stepKey: `exchange-${slot}`,
    slot: undefined,
    to: to.map((email, i) => ({ name: `Văn thư ${i + 1}`, email })),
    about: undefined,
  });
  const hashOf = (req: OutgoingMail, email: string): string => keyHash(ledgerKey(req, email)).slice(0, 8);
  const compact = (d: SentMailDetails, names: Map<string, string>): string => {
    const name = (h: string): string => names.get(h.slice(0, 8)) ?? h;
    return `hb sent=[${d.sentMail.map(name).join(',')}] sending=[${(d.sendingMail ?? []).map(name).join(',')}]`;
  };
  /** A fake Temporal server for one activity: stores what it acknowledges; `refuse` decides what it does not. */
  function fakeServer(names: Map<string, string>, refuse: (d: SentMailDetails) => boolean = () => false) {
    const server = { stored: undefined as SentMailDetails | undefined };
    const ackHeartbeat = async (_token: Uint8Array, details: unknown): Promise<void> => {
      await new Promise((r) => setTimeout(r, 5));
      const d = details as SentMailDetails;
      if (refuse(d)) throw new Error('connection to Temporal lost');
      server.stored = d;
      events.push(compact(d, names));
    };
    return { server, ackHeartbeat };
  }
  const on = (mailer: Mailer, ackHeartbeat: (t: Uint8Array, d: unknown) => Promise<void>) =>
    createActivities({ mailer, calendar: calendarLoader(path.join(ROOT, 'config/calendars')), ackHeartbeat });
  const attempt = (n: number, heartbeatDetails?: SentMailDetails) =>
    new MockActivityEnvironment({
      workflowExecution: { workflowId: reg.id, runId: 'r1' },
      attempt: n,
      heartbeatDetails,
    } as never);

  beforeEach(() => (events.length = 0));

  test('each message is stored on the server as being sent before it goes out, and as sent before the next one goes out; the last one by the completion', async () => {
    const req = exchange('order', ['a@hdnd.example.org', 'b@hdnd.example.org']);
    const names = new Map([
      [hashOf(req, 'a@hdnd.example.org'), 'a'],
      [hashOf(req, 'b@hdnd.example.org'), 'b'],
    ]);
    const { ackHeartbeat } = fakeServer(names);
    const result: SendResult = await attempt(1).run(on(mailer, ackHeartbeat).sendMail, req);
    expect(events).toEqual([
      'hb sent=[] sending=[a]',
      'smtp a@hdnd.example.org',
      'hb sent=[a] sending=[]',
      'hb sent=[a] sending=[b]',
      'smtp b@hdnd.example.org',
    ]);
    // No round trip of its own for the last message: the activity's result, which completes it, says it was sent.
    expect(result.sent).toEqual(['a@hdnd.example.org', 'b@hdnd.example.org']);
  });

  test('an attempt that dies between the acceptance and its record: the retry on another machine sends that message again, with the same Message-ID, and says so', async () => {
    const req = exchange('window', ['a@hdnd.example.org', 'b@hdnd.example.org']);
    const names = new Map([
      [hashOf(req, 'a@hdnd.example.org'), 'a'],
      [hashOf(req, 'b@hdnd.example.org'), 'b'],
    ]);
    // Machine A's record of the first message never reaches the server.
    const a = fakeServer(names, (d) => d.sentMail.length > 0);
    await expect(attempt(1).run(on(mailer, a.ackHeartbeat).sendMail, req)).rejects.toThrow(
      'connection to Temporal lost',
    );
    expect(a.server.stored).toEqual({
      sentMail: [],
      sendingMail: [expect.stringMatching(new RegExp(`^${hashOf(req, 'a@hdnd.example.org')}`))],
    });

    const machineB = createMailer({
      smtpUrl: sink.url,
      from: 'secretariat@regulations.local',
      ledger: new FileSendLedger(fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-b-'))),
    });
    try {
      const b = fakeServer(names);
      const result = await attempt(2, a.server.stored).run(on(machineB, b.ackHeartbeat).sendMail, req);
      expect(result).toEqual({
        sent: ['a@hdnd.example.org', 'b@hdnd.example.org'],
        alreadySent: [],
        skipped: [],
        maybeDuplicate: ['a@hdnd.example.org'],
      });
    } finally {
      machineB.close();
    }
    const copies = sink.messages.filter(
      (m) => m.headers['x-step-key'] === 'exchange-window' && m.to.includes('a@hdnd.example.org'),
    );
    expect(copies).toHaveLength(2);
    expect(copies[1]!.messageId).toBe(copies[0]!.messageId);
  });

  test('an attempt the server refuses to hear from (timed out, cancelled, unreachable) sends nothing', async () => {
    const req = exchange('refused', ['a@hdnd.example.org']);
    const { ackHeartbeat } = fakeServer(new Map(), () => true);
    await expect(attempt(1).run(on(mailer, ackHeartbeat).sendMail, req)).rejects.toThrow('connection to Temporal lost');
    // A later message proves the sink had the chance to receive it.
    await send(exchange('after-refused', ['c@hdnd.example.org']));
    await sink.waitFor((m) => m.headers['x-step-key'] === 'exchange-after-refused');
    expect(sink.messages.filter((m) => m.headers['x-step-key'] === 'exchange-refused')).toEqual([]);
  });
});

test('the comment table lists every comment by body and area, with the letter reference', async () => {
  const input: CommentTableInput = {
    regulation: {
      id: reg.id,
      title: reg.title,
      areas: reg.areas,
      bodies: reg.bodies.map((b) => ({ id: b.id, name: b.name })),
    },
    lifecycleId: reg.id,
    round: {
      n: 1,
      cycle: 1,
      draftVersion: 'v1',
      openedAt: '2022-09-16T01:00:00.000Z',
      deadlineKey: 'consultation/round-1',
      answers: {
        hdnd: { decision: 'agree', comments: [], at: '2022-09-19T02:00:00.000Z' },
        tand: {
          decision: 'request-changes',
          at: '2022-09-20T02:00:00.000Z',
          reference: '123/CV-TAND, 2022-09-20',
          comments: [{ area: 'personnel', text: 'Bổ sung quy trình Hội thẩm.' }, { text: 'Sửa lỗi chính tả.' }],
        },
      },
    },
    secretariat: { locale: 'vi', contacts: reg.secretariat.contacts },
    zone: reg.timezone,
  };
  const result: { rows: number } = await env().run(activities.compileCommentTable, input);
  expect(result.rows).toBe(3);
  const [table] = await sink.waitFor((m) => m.headers['x-mail-kind'] === 'comment-table');
  expect(table!.to).toEqual(['thuky@vanphong.example.org']);
  for (const text of [
    'Bổ sung quy trình Hội thẩm.',
    'Sửa lỗi chính tả.',
    '123/CV-TAND, 2022-09-20',
    'Công tác cán bộ',
    'Ban Cán sự Đảng Tòa án nhân dân tỉnh',
  ])
    expect(table!.text).toContain(text);
});
