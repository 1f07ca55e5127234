/**
 * Structured JSON logs, one line per event, with secrets redacted: token-like fields by name, and
 * bearer credentials, JWTs and our session tokens by shape, wherever they appear in a string.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

const SECRET_KEYS =
  /^(authorization|cookie|set-cookie|id_token|token|access_?token|refresh_?token|jwt|ltik|password|secret|client_assertion|registration_token|install_code|code|state|nonce|lti_storage_binding)$/i;
const SECRET_SHAPES: [RegExp, string][] = [
  [/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]'],
  [/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[jwt redacted]'],
  [/mgl1\.[A-Za-z0-9._-]+/g, '[session token redacted]'],
  [/mg[ar]1\.[A-Za-z0-9._-]+/g, '[extension token redacted]'],
  [/([?&](?:ltik|id_token|token|registration_token|install_code|state|nonce|code)=)[^&\s"]*/gi, '$1[redacted]'],
];

/** Removes secrets from any value before it is logged. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return SECRET_SHAPES.reduce((s, [re, by]) => s.replace(re, by), value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

/** A minimal structured logger. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** A logger writing JSON lines to `write` (stdout by default). */
export function createLogger(
  level: LogLevel,
  base: Record<string, unknown> = {},
  write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Logger {
  const at =
    (lvl: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (ORDER[lvl] < ORDER[level]) return;
      write(JSON.stringify(redact({ time: new Date().toISOString(), level: lvl, msg, ...base, ...fields })));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (f) => createLogger(level, { ...base, ...f }, write),
  };
}
