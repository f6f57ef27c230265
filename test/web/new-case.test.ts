/**
 * A paralegal's path in the real Chromium, against the real `serve`: a new case from a blank
 * form, a wrong date of birth shown on its own field (the server's validator, with its AP code)
 * and fixed, a Spanish exhibit uploaded with its English translation, a save, and the case built,
 * seen on the cases page as it happens (server-sent events, no reload). Then the intake the form
 * wrote validates and builds with the command line.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BUILD_MS, caseSummary, cliSync, copySamples, ROOT, sha256, TODAY, tid, until, waitBuilt, webFixture } from './harness.js';

const FILE = 'web-case.json';
const CASE_ID = '2026-web-1';
// The sample beside it (not built: --no-build-at-start) is what `new-copy-from` offers.
const fx = webFixture('new-case', { prepare: (dir) => copySamples(dir, ['intake-affirmative.json']), noBuild: true });

const SECTIONS = ['applicant', 'family', 'claim', 'chronology', 'evidence', 'proceeding'];

/** The field with this RJSF id, on whichever section of the form shows it. */
async function field(page: Page, id: string) {
  const loc = page.locator(`[id="${id}"]`);
  if (await loc.isVisible()) return loc;
  for (const s of SECTIONS) {
    await page.locator(tid(`section-${s}`)).click();
    if (await loc.isVisible()) return loc;
  }
  throw new Error(`no field #${id} in any section of the form`);
}

async function set(page: Page, id: string, value: string | boolean): Promise<void> {
  const loc = await field(page, id);
  if (typeof value === 'boolean') {
    // Booleans are Yes/No radios (a group with this id).
    await loc.getByLabel(value ? 'Yes' : 'No', { exact: true }).check();
    return;
  }
  const tag = await loc.evaluate((el) => el.tagName);
  if (tag === 'SELECT') await loc.selectOption({ label: value });
  else await loc.fill(value);
}

/** Makes sure item 0 of an array is there (adds one when the form shows none). */
async function firstItem(page: Page, arrayId: string, itemId: string): Promise<void> {
  const item = page.locator(`[id="${itemId}"]`);
  if ((await item.count()) > 0) return;
  const add = await field(page, `${arrayId}__add`);
  await add.click();
  await item.waitFor({ timeout: 5000 });
}

const dobError = (page: Page) => page.locator(`${tid('field-error')}[data-path="applicant.dateOfBirth"]`);

describe('serve: a new case, from a blank form to a built filing', () => {
  it('creates a case from a blank form, shows a wrong date of birth on its field, uploads a Spanish exhibit with its translation, saves, and the cases page shows it built as it happens', { timeout: 3 * BUILD_MS }, async () => {
    const s = fx.server;
    const evidenceDir = path.join(ROOT, 'fixtures/samples/evidence');
    const form = await fx.open('#/');
    const { page } = form;
    await page.locator(tid('case-list')).waitFor();
    await page.locator(tid('new-case')).click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/new');
    await page.locator(tid('new-blank')).click();
    await page.locator(tid('intake-form')).waitFor();

    // A wrong date of birth: the server's validator finds it, and the form shows it on that field.
    await set(page, 'root_applicant_dateOfBirth', '1990-13-45');
    await dobError(page).waitFor({ state: 'visible', timeout: 10_000 });
    expect(await dobError(page).innerText()).toMatch(/AP1106/);
    const sameField = await page.locator('[id="root_applicant_dateOfBirth"]').evaluate((input: any) => {
      const err = (globalThis as any).document.querySelector('[data-testid="field-error"][data-path="applicant.dateOfBirth"]');
      // The nearest element holding both is the field's own wrapper, not the applicant's fieldset.
      let box: any = input.parentElement;
      while (box && !box.contains(err)) box = box.parentElement;
      return box ? !box.querySelector('[id="root_applicant_sex"]') : false;
    });
    expect(sameField, 'the error sits with the date-of-birth input, not elsewhere').toBe(true);
    await set(page, 'root_applicant_dateOfBirth', '1988-02-29');
    await dobError(page).waitFor({ state: 'detached', timeout: 10_000 });

    // The rest of a minimal intake (fixtures/samples and shared/INTAKE.md: the required fields).
    await set(page, 'root_applicant_name_family', 'Quispe Mamani');
    await set(page, 'root_applicant_name_given', 'Rosa');
    await set(page, 'root_applicant_sex', 'female');
    await set(page, 'root_applicant_maritalStatus', 'single');
    await set(page, 'root_applicant_birthPlace_city', 'El Alto');
    await set(page, 'root_applicant_birthPlace_country', 'Bolivia');
    await set(page, 'root_applicant_nationality', 'Bolivia');
    await set(page, 'root_applicant_ethnicity', 'Aymara');
    await set(page, 'root_applicant_religion', 'Catholic');
    await set(page, 'root_applicant_languages_native', 'Spanish');
    await set(page, 'root_applicant_languages_fluentInEnglish', false);
    await set(page, 'root_applicant_usAddress_street', '41-12 Junction Boulevard');
    await set(page, 'root_applicant_usAddress_city', 'Queens');
    await set(page, 'root_applicant_usAddress_state', 'NY');
    await set(page, 'root_applicant_usAddress_zip', '11368');
    await firstItem(page, 'root_applicant_arrivals', 'root_applicant_arrivals_0_date');
    await set(page, 'root_applicant_arrivals_0_date', '2026-03-01');
    await set(page, 'root_applicant_arrivals_0_place', 'Miami, FL');
    await set(page, 'root_applicant_arrivals_0_status', 'B-2 visitor');
    await firstItem(page, 'root_claim_grounds', 'root_claim_grounds_0');
    await set(page, 'root_claim_grounds_0', 'political-opinion');
    await set(page, 'root_claim_summary', 'Rosa led a market vendors\u2019 association in El Alto and was threatened after she spoke against the local authorities.');
    await set(page, 'root_caseId', CASE_ID);
    await set(page, 'root_proceeding_type', 'affirmative');
    await page.locator(tid('new-file-name')).fill(FILE);

    // The server's check of what is typed: warnings at most, on the fields and off them.
    await until(async () => (await page.locator(tid('validation-status')).innerText()) !== 'Checking…' && (await page.locator(`${tid('field-error')} li`).allInnerTexts()).every((t) => t.startsWith('Warning ')), 15_000, 'no error left on any field');

    await page.locator(tid('create-case')).click();
    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash), { timeout: 15_000 }).toBe(`#/case/${FILE}`);
    await page.locator(tid('intake-form')).waitFor();
    const created = JSON.parse(await readFile(path.join(s.inDir, FILE), 'utf8')) as Record<string, any>;
    expect(created).toMatchObject({ schemaVersion: 1, caseId: CASE_ID, proceeding: { type: 'affirmative' } });
    expect(created.applicant.dateOfBirth).toBe('1988-02-29');
    const v = (await (await s.api('/api/validate', { method: 'POST', json: { file: FILE, intake: created } })).json()) as { ok: boolean; problems: { severity: string; code: string }[] };
    expect(v.problems.filter((p) => p.severity === 'error'), 'the created intake has no error').toEqual([]);
    expect(v.ok).toBe(true);
    // Created, the watcher builds it.
    await waitBuilt(s, FILE);

    // An exhibit in Spanish, with its English translation, uploaded on the evidence page.
    await page.locator(tid('nav-evidence')).click();
    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toBe(`#/case/${FILE}/evidence`);
    await page.locator(tid('upload-add')).waitFor();
    // Record every upload-progress the page shows, however brief (small files upload fast).
    await page.evaluate(() => {
      const w = globalThis as any;
      w.__progress = [];
      const seen = () => {
        for (const el of w.document.querySelectorAll('[data-testid="upload-progress"]')) w.__progress.push(`${el.getAttribute('value')}/${el.getAttribute('max')}`);
      };
      new w.MutationObserver(seen).observe(w.document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await page.locator(tid('upload-file')).setInputFiles(path.join(evidenceDir, 'denuncia.pdf'));
    await page.locator(tid('upload-translation')).setInputFiles(path.join(evidenceDir, 'denuncia.en.pdf'));
    await page.locator(tid('upload-title')).fill('Denuncia ante la Policía Nacional');
    await page.locator(tid('upload-category')).selectOption('persecution');
    await page.locator(tid('upload-language')).fill('es');
    await page.locator(tid('upload-translator-name')).fill('Ana Lucía Torres');
    await page.locator(tid('upload-translator-address')).fill('88 Court Street, Brooklyn, NY 11201');
    await page.locator(tid('upload-translator-phone')).fill('+1 718 555 0199');
    await page.locator(tid('upload-add')).click();
    const exhibit = page.locator(tid('exhibit')).filter({ hasText: 'Denuncia ante la Policía Nacional' });
    await exhibit.waitFor({ timeout: 15_000 });
    expect(await page.locator(tid('upload-error')).count()).toBe(0);
    const progress = (await page.evaluate(() => (globalThis as any).__progress)) as string[];
    expect(progress.length, 'upload-progress was shown').toBeGreaterThan(0);
    const withExhibit = await until(
      async () => {
        const j = JSON.parse(await readFile(path.join(s.inDir, FILE), 'utf8')) as { evidence?: unknown[] };
        return Array.isArray(j.evidence) && j.evidence.length === 1 ? (j as Record<string, any>) : null;
      },
      15_000,
      'the exhibit in the intake on disk',
    );
    const ex = withExhibit.evidence[0];
    expect(ex).toMatchObject({ title: 'Denuncia ante la Policía Nacional', category: 'persecution', language: 'es' });
    expect(await exhibit.getAttribute('data-id')).toBe(ex.id);
    expect(ex.translation.translator).toEqual({ name: 'Ana Lucía Torres', address: '88 Court Street, Brooklyn, NY 11201', phone: '+1 718 555 0199' });
    // The uploaded files are inside the case's folder, byte for byte.
    for (const [rel, original] of [
      [ex.file, 'denuncia.pdf'],
      [ex.translation.file, 'denuncia.en.pdf'],
    ] as const) {
      const where = path.resolve(s.inDir, rel);
      expect(path.relative(s.inDir, where).startsWith('..'), `${rel} inside the watched folder`).toBe(false);
      expect((await readFile(where)).equals(await readFile(path.join(evidenceDir, original))), `${rel} is ${original}`).toBe(true);
    }
    await waitBuilt(s, FILE);

    // The cases page in a second tab, before the save: it must follow the build live.
    const list = await fx.openTab(form, '#/');
    const row = list.page.locator(`${tid('case-row')}[data-file="${FILE}"]`);
    await row.waitFor();
    await list.page.evaluate((file) => {
      const w = globalThis as any;
      w.__noReload = true;
      w.__states = [];
      const note = () => {
        const st = w.document.querySelector(`[data-testid="case-row"][data-file="${file}"]`)?.getAttribute('data-state');
        if (st && w.__states[w.__states.length - 1] !== st) w.__states.push(st);
      };
      note();
      new w.MutationObserver(note).observe(w.document.body, { subtree: true, childList: true, attributes: true });
    }, FILE);
    const states = () => list.page.evaluate(() => ((globalThis as any).__noReload === true ? ((globalThis as any).__states as string[]) : null));
    expect(await states()).toEqual(['built']);

    // Save an edit on the form page.
    await page.locator(tid('nav-form')).click();
    await page.locator(tid('intake-form')).waitFor();
    await set(page, 'root_proceeding_asylumOffice', 'Newark Asylum Office');
    await expect.poll(() => page.locator(tid('save-status')).innerText()).toMatch(/unsaved/i);
    await page.locator(tid('save')).click();
    await expect.poll(() => page.locator(tid('save-status')).innerText(), { timeout: 15_000 }).toBe('Saved');
    expect(await page.locator(tid('save-conflict')).count()).toBe(0);
    const savedBytes = await readFile(path.join(s.inDir, FILE));
    const saved = JSON.parse(savedBytes.toString('utf8')) as Record<string, any>;
    expect(saved.proceeding.asylumOffice).toBe('Newark Asylum Office');

    // Built again, as the cases page shows without a reload: it left "built" and came back to it.
    await until(
      async () => {
        const st = await states();
        if (st === null) throw new Error('the cases page was reloaded');
        return st.length >= 3 && st.at(-1) === 'built';
      },
      BUILD_MS,
      async () => `the row to leave "built" and come back to it (states seen: ${JSON.stringify(await states().catch(() => '?'))})`,
    );
    const summary = await caseSummary(s, FILE);
    expect(summary?.state).toBe('built');
    expect(summary?.hash, 'built from the saved version').toBe(sha256(savedBytes));
    expect(await row.getAttribute('data-state')).toBe('built');
    expect(await row.locator(tid('case-state')).innerText()).toMatch(/built/i);
    expect(await row.locator(tid('case-deadline')).innerText()).toContain('2027-03-01');

    // What the form wrote is what was typed.
    expect(saved.applicant.name).toMatchObject({ family: 'Quispe Mamani', given: 'Rosa' });
    expect(saved.applicant).toMatchObject({ dateOfBirth: '1988-02-29', sex: 'female', maritalStatus: 'single', nationality: 'Bolivia', ethnicity: 'Aymara', religion: 'Catholic' });
    expect(saved.applicant.birthPlace).toEqual({ city: 'El Alto', country: 'Bolivia' });
    expect(saved.applicant.languages).toMatchObject({ native: 'Spanish', fluentInEnglish: false });
    expect(saved.applicant.usAddress).toMatchObject({ street: '41-12 Junction Boulevard', city: 'Queens', state: 'NY', zip: '11368' });
    expect(saved.applicant.arrivals).toEqual([expect.objectContaining({ date: '2026-03-01', place: 'Miami, FL', status: 'B-2 visitor' })]);
    expect(saved.claim.grounds).toEqual(['political-opinion']);
    expect(saved.evidence).toEqual(withExhibit.evidence);
  });

  it('the intake the form wrote validates and builds with the command line', { timeout: BUILD_MS }, async () => {
    const file = path.join(fx.server.inDir, FILE);
    const v = cliSync(['validate', '--today', TODAY, file]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const out = path.join(fx.tmp, 'cli-out');
    const b = cliSync(['build', '--today', TODAY, '--out', out, file]);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    const packet = await readFile(path.join(out, CASE_ID, 'uscis-affirmative', `${CASE_ID}-exhibits.pdf`));
    expect(packet.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
