// The real data the workshop keeps in ../shared/data (Bristol's ORUK feed, Open211 Miami, the
// official ORUK schemas, UK place names). It is read from there and never copied into the
// repository, so a fresh clone without it must still pass: a test that needs it calls
// sharedDataOrSkip, which skips that test with one line saying what is missing and why.
import { existsSync } from 'node:fs';

export const SHARED_DATA = new URL('../../../shared/data/', import.meta.url).pathname;

// Returns the absolute paths of the files or folders (relative to ../shared/data), or null after
// skipping the test when any of them is missing. The caller returns at once on null.
export function sharedDataOrSkip(t, ...paths) {
  const missing = paths.filter((p) => !existsSync(SHARED_DATA + p));
  if (missing.length === 0) {
    const found = paths.map((p) => SHARED_DATA + p);
    return found.length === 1 ? found[0] : found;
  }
  const why = `the shared test data is missing (${missing.map((p) => SHARED_DATA + p).join(', ')}); ` +
    'put the shared/ folder next to the repository to run it (docs/testing.md)';
  t.skip(why);
  return null;
}
