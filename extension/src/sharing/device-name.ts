/** A name for this browser the teacher recognises in the LMS's list of connected browsers ("Chrome on Windows"). */
export function defaultDeviceName(ua: string = globalThis.navigator?.userAgent ?? ''): string {
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? /Chromium/.test(ua)
          ? 'Chromium'
          : 'Chrome'
        : 'Browser';
  const os = /CrOS/.test(ua)
    ? 'ChromeOS'
    : /Windows/.test(ua)
      ? 'Windows'
      : /Mac OS X|Macintosh/.test(ua)
        ? 'macOS'
        : /Android/.test(ua)
          ? 'Android'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return os ? `${browser} on ${os}` : browser;
}
