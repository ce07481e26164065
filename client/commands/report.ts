/** `regulation report ID`: records a body's report for a sơ kết or the tổng kết. */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { UserError } from '../errors';
import { collect, example, lifecycleCommand, parseAreaText, parseReview, parseText } from './common';
import { updateReview } from './update';

/**
 * Reads a report written as Markdown: each `## <area-id>` heading starts that area's
 * assessment (words after the id, e.g. "## supervision — Giám sát", are a title and ignored).
 */
export function parseReportMarkdown(markdown: string, source = 'report'): Record<string, string> {
  const out: Record<string, string> = {};
  let area: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (area === undefined) return;
    const text = lines.join('\n').trim();
    if (text === '')
      throw new UserError(`${source}: section "## ${area}" is empty: write the assessment under the heading`);
    if (out[area] !== undefined) throw new UserError(`${source}: area ${area} appears twice: merge the two sections`);
    out[area] = text;
  };
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const m = /^##\s+(\S+)/.exec(line);
    if (m && !line.startsWith('###')) {
      flush();
      area = m[1]!.replace(/[:.,]+$/, '').toLowerCase();
      lines = [];
    } else if (area !== undefined) {
      lines.push(line);
    }
  }
  flush();
  if (Object.keys(out).length === 0)
    throw new UserError(
      `${source}: no "## <area-id>" headings: write one section per area, e.g. "## supervision" followed by its assessment`,
    );
  return out;
}

function readReport(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(
      `--file ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'}): check the path`,
    );
  }
  return parseReportMarkdown(text, `--file ${file}`);
}

interface ReportOptions {
  review: number | 'final';
  body: string;
  file?: string;
  assessment?: { area?: string; text: string }[];
  by?: string;
}

/** Registers `report`. */
export function registerReport(program: Command): void {
  const cmd = lifecycleCommand(
    program,
    'report',
    "record a body's report for a review (sơ kết N or the final tổng kết), one assessment per area",
  )
    .requiredOption('--review <n|final>', 'the review: its number, or "final"', parseReview)
    .requiredOption('--body <id>', 'the reporting body', parseText)
    .addOption(
      new Option('--file <report.md>', 'a Markdown report with one "## <area-id>" section per area').conflicts(
        'assessment',
      ),
    )
    .option('--assessment <area=text>', 'an assessment of one area (AREA=TEXT); repeatable', collect(parseAreaText))
    .option('--by <name>', 'who submitted the report', parseText)
    .action(async (id: string, opts: ReportOptions) => {
      let assessments: Record<string, string>;
      if (opts.file) assessments = readReport(opts.file);
      else if (opts.assessment?.length) {
        assessments = {};
        for (const a of opts.assessment) {
          if (!a.area)
            throw new UserError(
              `--assessment "${a.text}": name the area: write AREA=TEXT, e.g. supervision="Requests answered on time"`,
            );
          assessments[a.area] = a.text;
        }
      } else throw new UserError('report: give --file report.md or at least one --assessment AREA=TEXT');
      await updateReview(
        id,
        opts.review,
        (api, review, final) =>
          api.submitReviewReport(id, { body: opts.body, review, assessments, submittedBy: opts.by, final }),
        (review, final) =>
          `Report of ${opts.body} for ${final ? 'the tổng kết' : `sơ kết ${review}`} of ${id} recorded (${Object.keys(assessments).join(', ')})`,
      );
    });
  example(
    cmd,
    'regulation report long-an-hdnd-tand-2022 --review 1 --body tand --file report.md',
    '# report.md:  ## supervision',
    '#             Requests were answered within 15 days.',
    '#             ## petitions',
    '#             ...',
    'regulation report long-an-hdnd-tand-2022 --review final --body hdnd --assessment supervision="On time"',
  );
}
