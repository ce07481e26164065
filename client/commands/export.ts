/** `regulation export ID`: the lifecycle's full record for the archive, as Markdown, JSON or an official .docx. */
import { adoptedLine } from './status';
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { LifecycleStatus } from '../../domain/lifecycle';
import type { RegulationsClient } from '../api';
import { UserError } from '../errors';
import { formatDay, formatInstant } from '../format';
import type { MailKind } from '../../domain/mail';
import {
  capitalized,
  DECISION,
  GENERAL_AREA,
  HANDLING,
  IN_DIGEST,
  LABELS,
  MAIL_KIND,
  OUTCOME,
  ROUND_RESULT,
  STAGE,
  stepKeyLabel,
} from '../../domain/words';
import { example, lifecycleCommand, print, printJson, withClient } from './common';

import { cell, flat, inline, lines, quote } from '../../domain/markdown';

/** An email's kind in words. */
function mailKind(kind: string): string {
  return MAIL_KIND[kind as MailKind]?.en ?? kind;
}

/** Renders the whole record as Markdown: versions, every comment, signatures, reviews, exchanges, extensions, emails. */
export function exportMarkdown(s: LifecycleStatus): string {
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  push(`# ${inline(s.title.vi)}`, '', `_${inline(s.title.en)}_`, '');
  push(
    `- Lifecycle: \`${flat(s.regulationId)}\``,
    `- Stage: ${STAGE[s.stage].en}${s.cycle > 1 ? ` (amendment cycle ${s.cycle})` : ''}`,
    `- Record as of: ${formatInstant(s.now)}`,
  );
  if (s.effectiveDate) push(`- In force since: ${formatDay(s.effectiveDate)}`);
  if (s.adopted) push(`- Adopted: ${adoptedLine(s.adopted)}`);
  if (s.withdrawn) push(`- Withdrawn ${formatInstant(s.withdrawn.at)}: ${inline(s.withdrawn.reason)}`);
  if (s.closedAt) push(`- Closed: ${formatInstant(s.closedAt)}`);

  push('', '## Draft versions', '');
  if (s.drafts.length === 0) push('None submitted.');
  else {
    push('| Version | Cycle | Submitted | Link | SHA-256 | Note |', '|---|---|---|---|---|---|');
    for (const d of s.drafts)
      push(
        `| ${cell(d.version)} | ${d.cycle} | ${formatInstant(d.submittedAt)} | ${cell(d.link)} | ${d.sha256 ? `\`${d.sha256}\`` : '-'} | ${cell(d.note)} |`,
      );
  }

  push('', '## Consultation rounds');
  if (s.rounds.length === 0) push('', 'No round opened.');
  for (const r of s.rounds) {
    push('', `### Round ${r.n} (draft ${inline(r.draftVersion)}, cycle ${r.cycle})`, '');
    push(
      `Opened ${formatInstant(r.openedAt)}${r.closedAt ? `, closed ${formatInstant(r.closedAt)}` : ', open'}${r.result ? `: ${ROUND_RESULT[r.result].en}` : ''}.`,
    );
    const answers = Object.entries(r.answers);
    if (answers.length === 0) push('', 'No answers yet.');
    for (const [body, a] of answers) {
      push('', `#### ${inline(body)}: ${DECISION[a.decision].en}`, '');
      push(
        `Answered ${formatInstant(a.at)}${a.reference ? `, reference ${inline(a.reference)}` : ''}${a.submittedBy ? `, recorded by ${inline(a.submittedBy)}` : ''}.`,
      );
      for (const [k, c] of a.comments.entries()) {
        push('', `**${inline(`${body}-${k + 1} · ${c.area ?? GENERAL_AREA.en}`)}**`, '', quote(c.text));
        // The secretariat's answer (tiếp thu, giải trình) under the comment it answers.
        const x = r.responses?.[`${body}-${k + 1}`];
        if (x)
          push(
            '',
            `Handling: **${HANDLING[x.handling].en}**${x.explanation ? `: ${inline(x.explanation)}` : ''} (${formatInstant(x.at)}${x.submittedBy ? `, ${inline(x.submittedBy)}` : ''})`,
          );
        else if (r.closedAt) push('', 'Handling: not answered.');
      }
    }
  }

  push('', '## Signing', '');
  if (s.signingSession)
    push(
      `Session: ${formatInstant(s.signingSession.at)}${s.signingSession.place ? `, ${inline(s.signingSession.place)}` : ''}`,
      '',
    );
  const signatures = Object.entries(s.signatures);
  if (signatures.length === 0) push('No signatures.');
  for (const [body, sig] of signatures)
    push(`- ${inline(body)}: ${inline(sig.signer)}, ${formatInstant(sig.signedAt)}`);

  push('', '## Reviews');
  if (s.reviews.length === 0) push('', 'No review held yet.');
  for (const r of s.reviews) {
    push(
      '',
      `### ${LABELS.review(r.kind, r.n).en} (${LABELS.review(r.kind, r.n).vi}): meeting ${formatDay(r.meetingDate)}`,
      '',
    );
    if (r.recordedAtAdoption) {
      // Held before the engine ran the regulation: what the definition stated, nothing more.
      const link = r.recordedAtAdoption.link ? ` Report: ${r.recordedAtAdoption.link}` : '';
      push(
        `Recorded at adoption: held ${formatDay(r.meetingDate)}, outcome **${r.outcome?.decision ?? '-'}**${r.outcome?.notes ? `: ${inline(r.outcome.notes)}` : ''}.${link}`,
      );
      continue;
    }
    push(
      r.outcome
        ? `Outcome: **${capitalized(OUTCOME[r.outcome.decision]).en}** (${formatInstant(r.outcome.at)})${r.outcome.notes ? `: ${inline(r.outcome.notes)}` : ''}`
        : 'Outcome: not recorded.',
    );
    for (const [body, rep] of Object.entries(r.reports)) {
      push('', `#### Report of ${inline(body)} (${formatInstant(rep.at)})`);
      for (const [area, text] of Object.entries(rep.assessments)) push('', `**${inline(area)}**`, '', quote(text));
    }
  }
  if (s.nextReview)
    push(
      '',
      `Next: ${LABELS.review(s.nextReview.kind, s.nextReview.n).en}, meeting ${formatDay(s.nextReview.meetingDate)}.`,
    );

  push('', '## Information exchanges', '');
  if (s.exchanges.length === 0) push('None logged.');
  for (const e of s.exchanges) {
    push(
      `- ${formatInstant(e.at)}, ${inline(e.from)} → ${inline(e.to.join(', '))}: **${inline(e.subject)}**${e.link ? ` (${inline(e.link)})` : ''}`,
      ...lines(e.summary).map((l) => `  ${l}`),
    );
  }

  push('', '## Open deadlines', '');
  if (s.deadlines.length === 0) push('None.');
  // Each with the calendar version it was planned on and the days off its period counted around.
  for (const d of s.deadlines) {
    const off = (d.daysOff ?? [])
      .map((o) => `${inline(o.reason)} ${o.from}${o.to !== o.from ? `–${o.to}` : ''}`)
      .join('; ');
    push(
      `- ${inline(d.key)}: ${inline(d.label.en)}, last day ${formatDay(d.lastDay)}${d.calendarVersion ? ` (calendar version ${d.calendarVersion})` : ''}${off ? `; days off counted: ${off}` : ''}`,
    );
  }

  const stepName = (key: string): string =>
    stepKeyLabel(key, (cycle, n) => s.rounds.find((r) => r.cycle === cycle && r.n === n)?.draftVersion)?.en ?? key;
  push('', '## Deadline extensions', '');
  if (s.extensions.length === 0) push('None.');
  for (const x of s.extensions)
    push(
      `- ${formatInstant(x.at)}: ${inline(stepName(x.deadline))} moved from ${formatDay(x.from)} to ${formatDay(x.to)}: ${inline(x.reason)}`,
    );

  push('', '## Emails sent', '');
  if (s.mails.length === 0) push('None.');
  else {
    push('| Date | Kind | Step | Slot | To |', '|---|---|---|---|---|');
    // A reminder handed to the recipients' morning digest went out in it (unless answered by then).
    for (const m of s.mails)
      push(
        `| ${formatDay(m.date)} | ${cell(m.via === 'digest' ? `${mailKind(m.kind)} (${IN_DIGEST.en})` : mailKind(m.kind))} | ${cell(stepName(m.stepKey))} | ${cell(m.slot)} | ${cell(m.to.join(', '))} |`,
      );
  }
  return `${out.join('\n')}\n`;
}

/** Writes the record as an official .docx (in the definition's document style) and returns the file written. */
async function exportDocx(
  api: RegulationsClient,
  id: string,
  s: LifecycleStatus,
  opts: { out?: string; lang?: 'vi' | 'en' },
): Promise<string> {
  // Loaded here: docx is large, and only this format needs it.
  const [{ definitionOf }, { documentSettings, recordDocument, renderDocx }] = await Promise.all([
    import('../definition-of'),
    import('../../activities/documents'),
  ]);
  const reg = await definitionOf(api.client, id, s.firstRunId);
  if (!reg)
    throw new UserError(
      `lifecycle ${id} has no definition in its start input: export it as Markdown ('regulation export ${id}')`,
    );
  const locale = opts.lang ?? reg.secretariat.locale ?? 'vi';
  const file = opts.out ?? `${s.regulationId}.docx`;
  writeFileSync(file, await renderDocx(recordDocument(s, reg, documentSettings(reg), locale)));
  return file;
}

/** Registers `export`. */
export function registerExport(program: Command): void {
  const cmd = lifecycleCommand(
    program,
    'export',
    "export a lifecycle's full record (versions, every comment, signatures, reviews, exchanges, extensions, emails sent)",
  )
    .addOption(
      new Option(
        '--format <format>',
        "md (readable, for the archive), json, or docx (an official report, as the definition's documents settings say)",
      )
        .choices(['md', 'json', 'docx'])
        .default('md'),
    )
    .option('--json', 'same as --format json')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .option('--out <file>', 'same as --output; for docx the default is <regulation id>.docx')
    .addOption(new Option('--lang <lang>', "language of the .docx (default: the secretariat's)").choices(['vi', 'en']))
    .action(
      async (
        id: string,
        opts: { format: 'md' | 'json' | 'docx'; json?: boolean; output?: string; out?: string; lang?: 'vi' | 'en' },
      ) => {
        await withClient(async (api) => {
          const s = await api.status(id);
          const output = opts.out ?? opts.output;
          if (opts.format === 'docx' && !opts.json) {
            const file = await exportDocx(api, id, s, { out: output, lang: opts.lang });
            return print(`Record of ${id} written to ${file}`);
          }
          const json = opts.json || opts.format === 'json';
          if (!output) return json ? printJson(s) : void process.stdout.write(exportMarkdown(s));
          writeFileSync(output, json ? `${JSON.stringify(s, null, 2)}\n` : exportMarkdown(s));
          print(`Record of ${id} written to ${output}`);
        });
      },
    );
  example(
    cmd,
    'regulation export long-an-hdnd-tand-2022 > long-an-record.md',
    'regulation export long-an-hdnd-tand-2022 --format json -o long-an-record.json',
    'regulation export long-an-hdnd-tand-2022 --format docx --lang en --out long-an-record-en.docx',
  );
}
