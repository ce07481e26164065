/**
 * Adopting from the command line, as a clerk would: `regulation start` refuses bad adoption input
 * with one line naming the field and the fix (and starts nothing), and `regulation import` brings a
 * register in: dry run, import, import again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/lifecycle-harness';
import { definitionFile, startCliServer, type CliServer } from './cli-support';

let server: CliServer;
beforeAll(async () => {
  server = await startCliServer();
});
afterAll(async () => {
  await server?.stop();
});

/** A copy of the Long An definition under `id`, adopted with `block` (YAML lines under adopted:), term to 2031. */
function adoptedFile(id: string, block: string): string {
  return definitionFile(
    id,
    (y) => `${y.replace(/finalReview: .*/, 'finalReview: 2031-06-30')}\nadopted:\n${block.replace(/^/gm, '  ')}\n`,
  );
}

describe('regulation start refuses bad adoption input, starting nothing', () => {
  const cases: [string, string, string][] = [
    [
      'effective before signed',
      'signedOn: 2024-05-10\neffectiveOn: 2024-05-01',
      'adopted.effectiveOn: 01/05/2024 is before signedOn 10/05/2024: a regulation takes effect on or after its signing',
    ],
    [
      'a review before the effective date',
      'signedOn: 2024-05-10\neffectiveOn: 2024-06-01\nreviewsHeld:\n  - { n: 1, heldOn: 2024-05-20, outcome: continue }',
      "adopted.reviewsHeld[0].heldOn: 20/05/2024 is before the effective date 01/06/2024: a review follows the regulation's entry into force",
    ],
    [
      'a review number skipped',
      'signedOn: 2022-09-20\nreviewsHeld:\n  - { n: 1, heldOn: 2023-09-25, outcome: continue }\n  - { n: 3, heldOn: 2024-09-24, outcome: continue }',
      'adopted.reviewsHeld[1].n: sơ kết 3 follows sơ kết 1: sơ kết 2 is missing; list every sơ kết held, numbered 1, 2, 3… in order',
    ],
    [
      'a date in the future stated as held',
      'signedOn: 2024-05-10\nreviewsHeld:\n  - { n: 1, heldOn: 2030-05-12, outcome: continue }',
      'adopted.reviewsHeld[0].heldOn: 12/05/2030 is in the future: list only reviews already held (the engine runs the next ones)',
    ],
    [
      'the next review already overdue',
      'signedOn: 2022-09-20\nreviewsHeld: []',
      'adopted.reviewsHeld: sơ kết 1 is already overdue (reports due 06/09/2023, meeting 20/09/2023): add it to reviewsHeld if it was held, or add overdue: escalate to start with the escalation',
    ],
  ];
  test.each(cases)('%s', async (what, block, line) => {
    const id = `refused-${what.replace(/\W+/g, '-')}`;
    const r = await server.cli('start', adoptedFile(id, block));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(line);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('  '))).toEqual([`  ${line}`]);
    expect(await server.api.startedAs(id)).toBeUndefined();
  });

  test('the overdue review said explicitly starts (its first email is the escalation: test/workflows/adoption)', async () => {
    const id = 'overdue-said';
    const r = await server.cli('start', adoptedFile(id, 'signedOn: 2022-09-20\nreviewsHeld: []\noverdue: escalate'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`Started lifecycle ${id}`);
    expect(await server.api.startedAs(id)).toBe('RUNNING');
  });
});

describe('regulation import: the sample register (30 rows, 3 bad)', () => {
  const register = path.join(ROOT, 'config/registers/so-theo-doi-quy-che.xlsx');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'register-'));
  const startAt = '2026-12-01 09:00';
  const refusals = [
    'row 7, column "Ngày hiệu lực": 01/01/2020 is before "Ngày ký" 14/08/2026: a regulation takes effect on or after its signing',
    'row 15, column "Sơ kết đã tổ chức": sơ kết 3 follows sơ kết 1: sơ kết 2 is missing; list every sơ kết held, numbered 1, 2, 3… in order',
    'row 24, column "Ngày ký": "31/02/2024" is not a date: write it as dd/mm/yyyy, e.g. 15/03/2023',
  ];
  const ids: string[] = [];

  test('dry run: each row with what it would start and its next deadlines and why, or its errors; nothing changes', async () => {
    const r = await server.cli('import', register, '--dry-run', '--out', out, '--start-at', startAt);
    expect(r.code).toBe(1);
    for (const line of refusals) expect(r.stdout.split('\n')).toContain(line);
    expect(r.stdout).toContain('30 rows: 27 would start, 3 refused. Dry run: nothing was written or started.');
    // Row 2: signed 03/02/2021 with five yearly sơ kết held; the sixth, 72 months on, is Wed 03/02/2027.
    expect(r.stdout).toContain(
      [
        'row 2: 01-qcph-sxd-mttq-2021: Quy chế phối hợp giữa Sở Xây dựng và Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh trong công tác quản lý trật tự xây dựng và đất đai',
        `  would write ${path.join(out, '01-qcph-sxd-mttq-2021.yaml')} and start lifecycle 01-qcph-sxd-mttq-2021`,
      ].join('\n'),
    );
    expect(r.stdout).toContain(
      [
        '  adopted in force: signed Wed 03/02/2021, No. 01/QCPH-SXD-MTTQ, in force since Wed 03/02/2021; 5 sơ kết held (last Tue 10/02/2026)',
        '  next: sơ kết 6, meeting Wed 03/02/2027 09:00',
        '    report requests to every body Mon 04/01/2027; reports due Wed 20/01/2027 (24:00)',
        '    why the meeting:',
        '      rule: 72 months after 2021-02-03 (counting from the next day, Civil Code Art. 147)',
      ].join('\n'),
    );
    expect(r.stdout).toContain('    why the reports:\n      rule: 10 working days before 2027-02-03');
    ids.push(...[...r.stdout.matchAll(/^row \d+: ([a-z0-9-]+): /gm)].map((m) => m[1]!));
    expect(ids).toHaveLength(27);
    expect(fs.readdirSync(out)).toEqual([]);
    for (const id of ids.slice(0, 3)) expect(await server.api.startedAs(id)).toBeUndefined();
  });

  test('import: the definitions written as YAML, the valid rows started in force; again: nothing started twice', async () => {
    const first = await server.cli('import', register, '--out', out, '--start-at', startAt);
    expect(first.code).toBe(1);
    for (const line of refusals) expect(first.stdout.split('\n')).toContain(line);
    expect(first.stdout).toContain(
      `30 rows: 27 started, 0 already started, 3 refused; 27 definition files written to ${out}.`,
    );
    expect(fs.readdirSync(out).sort()).toEqual(ids.map((id) => `${id}.yaml`).sort());
    // A written definition starts as it is: `regulation validate` accepts it.
    const check = await server.cli('validate', path.join(out, `${ids[0]}.yaml`));
    expect(check.code).toBe(0);
    const runs = new Map<string, string>();
    for (const id of ids) {
      const s = await server.api.status(id);
      expect(s.stage).toBe('in-force');
      expect(s.adopted).toBeDefined();
      runs.set(id, s.firstRunId!);
    }
    const again = await server.cli('import', register, '--out', out, '--start-at', startAt);
    expect(again.stdout).toContain(
      `30 rows: 0 started, 27 already started, 3 refused; 0 definition files written to ${out}.`,
    );
    expect(again.stdout).toContain(`row 2: 01-qcph-sxd-mttq-2021: already started (running); nothing started again`);
    for (const id of ids) expect((await server.api.status(id)).firstRunId).toBe(runs.get(id));
  });
});
