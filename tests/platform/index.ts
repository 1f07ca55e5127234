/**
 * The test LTI platform (an "LMS" for tests, benchmarks and the `pnpm start` demo). See README.md.
 */
export { startTestPlatform, type TestPlatform } from './platform.js';
export { CookieJar, type Cookie } from './cookie-jar.js';
export { DynamicRegistrationError, type DynamicRegistrationOptions } from './driver.js';
export { LIS, riverside, lakeside } from './roster.js';
export { CLAIM } from './claims.js';
export { SCOPES, ALL_SCOPES } from './state.js';
export { STORAGE_FRAME } from './launch-pages.js';
export type * from './types.js';
