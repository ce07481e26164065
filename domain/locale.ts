/** The working languages of the product and a text in both. */

/** Language of a person, a body, an email or a page. */
export type Locale = 'vi' | 'en';

/** A text in both working languages; a surface picks the reader's. */
export interface Localized {
  vi: string;
  en: string;
}
