/** Calendar files for the calendar-change tests. */

/** The 2027 schedule as announced: Tết two working days longer, and Saturday 30 Jan swapped into a working day. */
export function announce2027(yaml: string): string {
  const start = yaml.indexOf('  "2027":');
  const end = yaml.indexOf('  "2028":');
  const announced = yaml
    .slice(start, end)
    .replace(/source: .*\n/, 'source: Thông báo 6150/TB-LĐTBXH (test), announced schedule of 2027\n')
    .replace('announced: false', 'announced: true')
    .replace(
      '      - { date: 2027-02-11, name: Tết Nguyên đán (nghỉ bù) }\n',
      '      - { date: 2027-02-11, name: Tết Nguyên đán (nghỉ bù) }\n      - { date: 2027-02-12, name: Tết Nguyên đán (nghỉ thêm) }\n      - { date: 2027-02-15, name: Tết Nguyên đán (nghỉ thêm) }\n',
    )
    .replace('    workingDays: []', '    workingDays:\n      - { date: 2027-01-30, name: Làm bù cho ngày 12/02/2027 }');
  return yaml.slice(0, start) + announced + yaml.slice(end);
}
