/**
 * The headers every answer carries. The page loads nothing from elsewhere and runs no inline
 * script: a value typed into an intake (a name, narrative) can never become code in the page.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // pdf.js decodes some images with WebAssembly; nothing is evaluated from strings.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  // Client data: never kept by the browser's or a proxy's cache.
  'cache-control': 'no-store',
};
