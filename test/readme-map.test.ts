import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The first code block of the README's "Where things are": one path a line, then its meaning. */
function mapPaths(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## Where things are$/m)[1]?.split(/^## /m)[0] ?? '';
  const block = /```text\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.split(/\s+/)[0] ?? '')
    .filter(Boolean);
}

describe('the README\'s map of the code, "Where things are"', () => {
  it('names only paths that exist', () => {
    const paths = mapPaths();
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((named) => !existsSync(path.join(ROOT, named)))).toEqual([]);
  });

  it('names every folder of lib/', () => {
    const folders = readdirSync(path.join(ROOT, 'lib'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `lib/${entry.name}/`);
    expect(folders.filter((folder) => !mapPaths().includes(folder))).toEqual([]);
  });

  it('names every folder at the top of the project that holds code', () => {
    const codeFolders = ['app', 'components', 'lib', 'sandbox', 'test', 'e2e', 'bench', 'scripts'];
    const named = mapPaths().map((named) => named.split('/')[0]);
    expect(codeFolders.filter((folder) => !named.includes(folder))).toEqual([]);
  });
});
