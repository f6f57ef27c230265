/** Which intake owns a case's output folders: the first to claim, until it is removed or names another case. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseClaims, publishedOwnerRefusal } from '../../src/builder/claims.js';

describe('case claims', () => {
  it('the first intake owns the case; a second with the same caseId is refused, naming the first', () => {
    const c = new CaseClaims();
    expect(c.claim('/in/a.json', 'case-1', ['uscis-affirmative'])).toBeUndefined();
    const refusal = c.claim('/in/b.json', 'case-1', ['uscis-affirmative']);
    expect(refusal?.code).toBe('AP3004');
    expect(refusal?.message).toContain('/in/a.json');
    expect(refusal?.location).toMatchObject({ file: '/in/b.json', path: 'caseId' });
  });

  it('the owner builds its case again as often as it likes', () => {
    const c = new CaseClaims();
    c.claim('/in/a.json', 'case-1', ['p']);
    expect(c.claim('/in/a.json', 'case-1', ['p'])).toBeUndefined();
  });

  it('the same caseId with another pipeline is another output folder: no conflict', () => {
    const c = new CaseClaims();
    c.claim('/in/a.json', 'case-1', ['uscis-affirmative']);
    expect(c.claim('/in/b.json', 'case-1', ['eoir-defensive'])).toBeUndefined();
    expect(c.claim('/in/c.json', 'case-1', ['eoir-defensive', 'uscis-affirmative'])?.code).toBe('AP3004');
  });

  it('a refused intake claims nothing, not even the pipelines nobody owned', () => {
    const c = new CaseClaims();
    c.claim('/in/a.json', 'case-1', ['p1']);
    expect(c.claim('/in/b.json', 'case-1', ['p2', 'p1'])?.code).toBe('AP3004');
    expect(c.claim('/in/c.json', 'case-1', ['p2'])).toBeUndefined();
  });

  it('released when the intake is removed: the next intake owns the case', () => {
    const c = new CaseClaims();
    c.claim('/in/a.json', 'case-1', ['p']);
    c.release('/in/a.json');
    expect(c.claim('/in/b.json', 'case-1', ['p'])).toBeUndefined();
    expect(c.claim('/in/a.json', 'case-1', ['p'])?.code).toBe('AP3004');
  });

  it('an intake that now names another caseId gives up the old one', () => {
    const c = new CaseClaims();
    c.claim('/in/a.json', 'case-1', ['p']);
    expect(c.claim('/in/a.json', 'case-2', ['p'])).toBeUndefined();
    expect(c.claim('/in/b.json', 'case-1', ['p'])).toBeUndefined();
    expect(c.claim('/in/b.json', 'case-2', ['p'])?.code).toBe('AP3004');
  });
});

describe('the owner of a published filing, across restarts', () => {
  async function published(maker: string): Promise<{ dir: string; out: string }> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ap-claims-'));
    const out = path.join(dir, 'out');
    await mkdir(path.join(out, 'case-1', 'p'), { recursive: true });
    await writeFile(path.join(out, 'case-1', 'p', 'manifest.json'), JSON.stringify({ manifestVersion: 2, caseId: 'case-1', pipeline: 'p', inputs: { intake: { path: maker, sha256: 'x' } } }));
    return { dir, out };
  }

  it('the intake that made it, still there and naming the case, keeps it; another intake of its folder is refused, naming it', async () => {
    const { dir, out } = await published('a.json');
    try {
      await writeFile(path.join(dir, 'a.json'), JSON.stringify({ caseId: 'case-1' }));
      expect(await publishedOwnerRefusal(out, path.join(dir, 'a.json'), 'case-1', ['p'])).toBeUndefined();
      const refusal = await publishedOwnerRefusal(out, path.join(dir, 'b.json'), 'case-1', ['p']);
      expect(refusal).toMatchObject({ code: 'AP3004', location: { file: path.join(dir, 'b.json'), path: 'caseId' } });
      expect(refusal!.message).toContain(path.join(dir, 'a.json'));
      // Another pipeline's folder is another filing.
      expect(await publishedOwnerRefusal(out, path.join(dir, 'b.json'), 'case-1', ['q'])).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a maker that is gone, or now names another case, lets the case go; one that cannot be read keeps it', async () => {
    const { dir, out } = await published('a.json');
    try {
      const b = path.join(dir, 'b.json');
      expect(await publishedOwnerRefusal(out, b, 'case-1', ['p'])).toBeUndefined();
      await writeFile(path.join(dir, 'a.json'), JSON.stringify({ caseId: 'case-2' }));
      expect(await publishedOwnerRefusal(out, b, 'case-1', ['p'])).toBeUndefined();
      await writeFile(path.join(dir, 'a.json'), '{ "caseId": "case-1", ');
      expect((await publishedOwnerRefusal(out, b, 'case-1', ['p']))?.code).toBe('AP3004');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
