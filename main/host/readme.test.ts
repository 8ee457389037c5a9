import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
// The renderer is not imported here (main/ may not): its section labels are read as text.
const sectionLabels = [...fs.readFileSync(path.join(root, 'renderer/app/SectionTabs.tsx'), 'utf8').matchAll(/label: '([^']+)'/g)].map((m) => m[1]);

describe('README quick start', () => {
  it('names the top bar sections by their labels, never by position', () => {
    expect(readme).not.toMatch(/\b(first|second|third|fourth|fifth|sixth|seventh|last) (switch|tab|section)\b/i);
    const named = [...readme.matchAll(/\(the \*([A-Z][a-z]+)\* tab\b/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(2);
    for (const name of named) expect(sectionLabels).toContain(name);
  });

  it('says a dropped file opens the import wizard instead of importing at once', () => {
    expect(readme).toMatch(/Dropping does not import at once: it opens the\s+\*\*import wizard\*\*/);
  });
});
