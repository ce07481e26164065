/** Official documents (.docx): the model, the builders (pure) and the renderer. */
export * from './model';
export {
  documentFrame,
  documentSettings,
  draftName,
  citedTitle,
  commentTableDocument,
  reviewConclusionDocument,
  reportSections,
  explanationRows,
  explanationTableData,
  explanationTableDocument,
  reviewReportData,
  reviewReportDocument,
  recordDocument,
  handlingWord,
  decisionWords,
  stageWords,
  mailKindWords,
} from './builders';
export type { DocumentFrame, DocumentSettingsInput } from './builders';
export { renderDocx, numberLine, dateLine, columnWidths, FONT, PAGE, MARGIN } from './render';
export { textTwips } from './metrics';
export { longDate, shortDate, instantText, localDay } from './dates';
export { initials } from './text';
