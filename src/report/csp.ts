// The Content-Security-Policy of a page: nothing may be requested, and the only scripts and
// stylesheets that apply are the page's own inline ones, each listed by its sha256 hash
// (no 'unsafe-inline', no 'unsafe-eval'). Escaping keeps crafted input out of the markup;
// this keeps anything that slipped through from running. Hashes depend only on the page's
// own bytes, so the same results still give the same file.

import { createHash } from 'node:crypto';

/** Text as the HTML parser hands it to the hash check: CR LF and CR become LF, NUL becomes U+FFFD. */
export function inlineText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
}

/** A CSP hash source for the exact text of one inline <script> or <style> element. */
export function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

const sources = (texts: readonly string[]): string => (texts.length ? [...new Set(texts.map(hashSource))].join(' ') : "'none'");

/** The policy for a page whose inline scripts and styles have exactly these texts. */
export function contentSecurityPolicy(scripts: readonly string[], styles: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src ${sources(scripts)}`,
    `style-src ${sources(styles)}`,
    // data: downloads and the chart export (an image as a data: URL) need nothing fetched.
    'img-src data:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
