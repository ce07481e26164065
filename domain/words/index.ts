/**
 * The one wording catalogue (vi and en): stages, steps, decisions, handlings, review outcomes,
 * mail kinds and document titles. Every surface people read takes its words from here.
 */
export * from './terms';
export * from './steps';
