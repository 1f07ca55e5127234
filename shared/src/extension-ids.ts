/**
 * The Margins browser extension's identities, which the tool needs for CORS and for the LMS UI's
 * one-click connection (`chrome-extension://<id>/pair.html`).
 *
 * The Chrome/Edge id is pinned by the public key in the extension's manifest (`key`, see
 * extension/wxt.config.ts): every unpacked or policy-installed build has this id. The private key
 * is not in the repository. A Chrome Web Store listing gets its own id: add it to the tool's
 * MARGINS_EXTENSION_IDS.
 */
export const MARGINS_CHROME_EXTENSION_ID = 'mbngdgcakbnmccjnmijmaeelepepcold';

/** The public key (base64 DER SubjectPublicKeyInfo) whose SHA-256 gives {@link MARGINS_CHROME_EXTENSION_ID}. */
export const MARGINS_CHROME_EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1gRQ8HfucBmfi/KA6aBRgX4VzgTYJ1MkOJ3SwI12hif0yykgu6gXD38oUjqhd941vrwd6UxEoUyEFTY51BO9Pq1/rOmObPE0hV4kDXYHNUPGvWrFWXU5sWxn7lUgEc+UEnpF2DkebBcTTtGmRerSAkMB8hCtfb54gKv36dMAo9TSsSDeMIzEzojqparI+TkxVaH9tm4euCrzQqJHaCIzrsqZVIVO52VX0H4/vIPOk4YuZgjXURRhZisM1uYAS9d0YFQX9tVH8zWZX7NSb5tDKS4g5mwnfuWk3z5viJRW6CFVI6Stn5PzBnrCT7boqOTSno1vSOKyz+TTtL40V2aNJwIDAQAB';

/** Firefox's add-on id (browser_specific_settings.gecko.id); Firefox still gives each install its own moz-extension:// origin. */
export const MARGINS_GECKO_ID = 'margins@margins.education';

/**
 * The one-click connection's two messages (issue 12, item 5): the extension's pair.html asks the
 * Margins page that opened it (window.opener) with {@link PAIR_READY}; that page answers, to the
 * extension's origin only, `{ type: PAIR_CODE, toolUrl, code }`. pair.html accepts the answer only
 * when the sender's browser-reported origin is the origin of `toolUrl`.
 */
export const PAIR_READY = 'margins:pair-ready';
/** See {@link PAIR_READY}. */
export const PAIR_CODE = 'margins:pair-code';
