import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { DIST_DIR, PROFILE_ID } from './config';
import type { Stack } from './stack';

/** zlib's default level, 6, which is what CDNs and nginx typically use on the fly. */
export const GZIP_LEVEL = 6;

export interface ScriptSize {
  src: string;
  rawBytes: number;
  gzipBytes: number;
  /** Also loaded by /sign-in: the framework's and the root layout's shared chunks. */
  shared: boolean;
}

export interface FirstLoadJs {
  page: string;
  gzipLevel: number;
  totalGzipBytes: number;
  sharedGzipBytes: number;
  pageGzipBytes: number;
  scripts: ScriptSize[];
}

/**
 * The JavaScript a browser fetches to show /profiles/[profileId]: every script the HTML names
 * (`<script src>`, `modulepreload` / `preload as=script` links, and the client chunks the
 * inline RSC payload names) under /_next/static/, read from the build and gzipped. `nomodule`
 * scripts (polyfills) are left out: browsers that run the page skip them. The inline scripts
 * themselves (the RSC payload) are not counted.
 */
export async function measureFirstLoadJs(stack: Stack): Promise<FirstLoadJs> {
  const page = `/profiles/${PROFILE_ID}`;
  const pageScripts = await scriptsOf({ url: `${stack.consoleUrl}${page}`, cookie: stack.sessionCookie });
  const signInScripts = new Set(await scriptsOf({ url: `${stack.consoleUrl}/sign-in` }));
  const scripts = pageScripts.map((src) => {
    const file = readFileSync(staticFilePath(src));
    return {
      src,
      rawBytes: file.byteLength,
      gzipBytes: gzipSync(file, { level: GZIP_LEVEL }).byteLength,
      shared: signInScripts.has(src),
    };
  });
  const sum = (list: ScriptSize[]) => list.reduce((total, script) => total + script.gzipBytes, 0);
  return {
    page: '/profiles/[profileId]',
    gzipLevel: GZIP_LEVEL,
    totalGzipBytes: sum(scripts),
    sharedGzipBytes: sum(scripts.filter((script) => script.shared)),
    pageGzipBytes: sum(scripts.filter((script) => !script.shared)),
    scripts,
  };
}

async function scriptsOf(input: { url: string; cookie?: string }): Promise<string[]> {
  const response = await fetch(input.url, {
    headers: input.cookie ? { Cookie: input.cookie } : {},
    redirect: 'manual',
  });
  // A redirect here would mean the session was not accepted and we would measure /sign-in.
  if (response.status !== 200) throw new Error(`GET ${input.url} answered HTTP ${response.status}`);
  return scriptSources(await response.text());
}

/** Distinct /_next/static/ script URLs named by an HTML page, in order, without query strings. */
export function scriptSources(html: string): string[] {
  const found: string[] = [];
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    if (/\snomodule\b/i.test(tag)) continue;
    const src = attribute(tag, 'src');
    if (src) found.push(src);
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = attribute(tag, 'rel')?.toLowerCase();
    const isScriptPreload = rel === 'modulepreload' || (rel === 'preload' && attribute(tag, 'as') === 'script');
    const href = attribute(tag, 'href');
    if (isScriptPreload && href) found.push(href);
  }
  // Client components of the rendered tree are named only in the inline React Server
  // Components payload, when their segment finished after the <head> was sent; the browser
  // loads them to hydrate all the same.
  for (const [, body] of html.matchAll(/<script\b(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    for (const [chunk] of (body ?? '').matchAll(/static\/chunks\/[^"\\]+?\.js/g)) found.push(`/_next/${chunk}`);
  }
  const local = found
    .map((url) => decodeHtml(url).split('?', 1)[0] as string)
    .filter((url) => url.startsWith('/_next/static/'));
  return [...new Set(local)];
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)?.[1];
}

function decodeHtml(value: string): string {
  return value.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#x27;', "'");
}

/** /_next/static/chunks/x.js → .next-bench/static/chunks/x.js, refusing anything outside it. */
function staticFilePath(src: string): string {
  const relative = decodeURIComponent(src.slice('/_next/'.length));
  const file = path.resolve(DIST_DIR, relative);
  if (!file.startsWith(path.join(DIST_DIR, 'static') + path.sep)) throw new Error(`Unexpected script path ${src}`);
  return file;
}
