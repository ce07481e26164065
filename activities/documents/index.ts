/** Official documents (.docx): the model, the builders (pure) and the renderer. */
export * from './model';
export {
  documentFrame,
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
export { renderDocx, numberLine, dateLine, FONT } from './render';
export { longDate, shortDate, instantText, localDay } from './dates';
export { initials } from './text';
