/** Which intake owns a case's output folders: the first to claim, until it is removed or names another case. */
import { describe, expect, it } from 'vitest';
import { CaseClaims } from '../../src/builder/claims.js';

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
