/** The rules on what the packet holds: translations, the certificate of interpretation, proof of arrival. */
import { describe, expect, it } from 'vitest';
import { caseOf, resultOf } from './helpers.js';

const TODAY = '2025-05-20';

describe('translations', () => {
  it('passes when every exhibit not in English has its translation, citing the USCIS or the court rule', async () => {
    const uscis = resultOf(await caseOf('affirmative', TODAY), 'translations', TODAY);
    expect(uscis).toMatchObject({ severity: 'pass', source: '8 CFR 103.2(b)(3)' });
    expect(uscis.message).toContain('3 exhibits not in English');
    const court = resultOf(await caseOf('defensive', '2026-08-10'), 'translations', '2026-08-10');
    expect(court.source).toBe('8 CFR 1003.33; ICPM 3.3(a)');
  });

  it('passes when every exhibit is in English', async () => {
    // The court family's only exhibit is a country report in English.
    expect(resultOf(await caseOf('court-family', '2026-11-20'), 'translations', '2026-11-20').message).toContain('every exhibit is in English');
  });

  it('names each exhibit left without a translation (validation rejects it; the rule checks again)', async () => {
    const c = await caseOf('affirmative', TODAY);
    delete c.intake.evidence![2]!.translation;
    const r = resultOf(c, 'translations', TODAY);
    expect(r).toMatchObject({ severity: 'error', path: 'evidence[2].translation' });
    expect(r.message).toContain('"Police report (denuncia) filed with the National Police" is in Spanish');
  });
});

describe('certificate-of-interpretation', () => {
  it.each([
    { name: 'fluent in English', edit: (i: any) => (i.applicant.languages.fluentInEnglish = true), severity: 'pass', text: 'not needed' },
    { name: 'not fluent, no interpreter', edit: () => {}, severity: 'warning', text: 'no interpreter is named' },
    {
      name: 'not fluent, interpreter named',
      edit: (i: any) => (i.interpreter = { name: 'Rosa Elvira Castillo', address: '88 Court Street, Brooklyn, NY 11201', phone: '+1 718 555 0199', language: 'Spanish' }),
      severity: 'pass',
      text: 'certificate of interpretation by Rosa Elvira Castillo (Spanish)',
    },
  ])('$name: $severity', async ({ edit, severity, text }) => {
    const r = resultOf(await caseOf('affirmative', TODAY, edit), 'certificate-of-interpretation', TODAY);
    expect(r.severity).toBe(severity);
    expect(r.message).toContain(text);
    expect(r.source).toContain('ICPM 3.3(a)');
  });
});

describe('proof-of-arrival', () => {
  const exhibit = (title: string, extra: Record<string, unknown> = {}) => (i: any) =>
    i.evidence.push({ id: 'ex-arrival', title, category: 'identity', file: 'evidence/passport.pdf', language: 'en', ...extra });

  it.each([
    { title: 'Form I-94 arrival record', extra: {}, severity: 'pass' },
    { title: 'Parole document (CBP One)', extra: { date: '2024-06-02' }, severity: 'pass' },
    { title: 'Passport page with the entry stamp', extra: {}, severity: 'pass' },
    { title: 'I94 record', extra: { category: 'other' }, severity: 'pass' },
    { title: 'Form I-94 arrival record', extra: { date: '2019-07-14' }, severity: 'warning' },
    { title: 'Form I-94 arrival record', extra: { category: 'persecution' }, severity: 'warning' },
    { title: 'Passport (biographic page)', extra: {}, severity: 'warning' },
  ])('"$title" $extra: $severity', async ({ title, extra, severity }) => {
    const r = resultOf(await caseOf('affirmative', TODAY, exhibit(title, extra)), 'proof-of-arrival', TODAY);
    expect(r.severity).toBe(severity);
    expect(r.source).toBe('8 CFR 208.4(a)(2)(i)(A)');
  });

  it('says how an exhibit is recognised when none is found', async () => {
    const r = resultOf(await caseOf('affirmative', TODAY), 'proof-of-arrival', TODAY);
    expect(r).toMatchObject({ severity: 'warning', path: 'evidence' });
    expect(r.message).toContain('no exhibit proves the last arrival on 2024-06-02 (Parole (CBP One) at Hidalgo, TX, I-94 987654321A1)');
    expect(r.message).toContain('titles naming I-94, parole, CBP One, I-512 or an entry or admission stamp are recognised');
  });

  it('names an exhibit that proves another entry', async () => {
    const r = resultOf(await caseOf('affirmative', TODAY, exhibit('Form I-94 arrival record', { date: '2019-07-14' })), 'proof-of-arrival', TODAY);
    expect(r.message).toContain('"Form I-94 arrival record" is dated 2019-07-14, another entry');
  });
});
