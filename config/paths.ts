/**
 * Where this installation's files are. The code runs from the TypeScript sources (ts-node,
 * jest) or compiled to dist/ one directory deeper, so paths are taken from the project root,
 * never from `__dirname` of the calling module.
 */
import path from 'node:path';

/** The checkout: package.json, config/calendars, .temporal/ and dist/ are here. */
export const PROJECT_ROOT = path.resolve(__dirname, __filename.endsWith('.ts') ? '..' : '../..');
