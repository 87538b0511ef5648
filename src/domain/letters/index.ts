export { DOCX_CONTENT_TYPE, renderLetterDocument } from './document.js';
export { LetterError, type LetterErrorCode } from './errors.js';
export {
  getLetter,
  issueLetter,
  letterDocument,
  listLetters,
  replyToLetter,
  type IssueLetterOptions,
} from './letters.js';
export { KIND_CHARACTERS, KIND_TITLES, formatLetterNumber } from './numbering.js';
export { chineseDate, composeLetter, letterText, type LetterContent, type LetterFacts } from './templates.js';
export {
  DEFAULT_ISSUER,
  LETTER_KINDS,
  LETTER_STAGES,
  type InstantInput,
  type IssueLetterInput,
  type Letter,
  type LetterDocument,
  type LetterFilter,
  type LetterIssuer,
  type LetterKind,
  type LetterStage,
  type LetterStatus,
  type ReplyToLetterInput,
  type RiskReason,
} from './types.js';
