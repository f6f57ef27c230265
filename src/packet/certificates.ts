/** The certificates drawn as pages of the packet, in the same words as the Word certificates. */
import type { Model } from '../render/model.js';
import { matterCaption } from '../render/wording.js';
import type { Composer } from './compose.js';

type Translation = Model['translations'][number];

function captionLine(c: Composer, m: Model): void {
  c.text(matterCaption(m.derived.fullName, m.derived.aNumber), { align: 'center', size: 11, after: 24 });
}

export function drawTranslationCertificate(c: Composer, m: Model, t: Translation): void {
  c.space(24);
  c.text('CERTIFICATE OF TRANSLATION', { style: 'bold', size: 14, align: 'center', after: 8 });
  captionLine(c, m);
  c.field('Document:', t.title);
  c.field('Exhibit:', `Tab ${t.tab}`);
  if (t.dateText) c.field('Dated:', t.dateText);
  c.field('Translated from:', `${t.languageName} into English`, 126, { after: 20 });
  c.text(t.certification, { leading: 18, after: 12 });
  c.signature(undefined, { label: 'Signature of translator', date: true });
  c.space(18);
  c.field('Printed name:', t.translator.name);
  c.field('Address:', t.translator.address);
  c.field('Telephone:', t.translator.phone);
}

/** `statement` names what the filing holds (serviceStatementNaming); none without DHS service details. */
export function drawServiceCertificate(c: Composer, m: Model, statement: string | undefined): void {
  c.space(24);
  c.text('CERTIFICATE OF SERVICE', { style: 'bold', size: 14, align: 'center', after: 8 });
  captionLine(c, m);
  if (statement) c.text(statement, { leading: 18, after: 12 });
  else c.text('[REVIEW BEFORE FILING: the intake has no DHS service details (proceeding.dhsService). Complete this certificate before filing.]', { style: 'bold', after: 12 });
  c.signature(m.representative?.name, { date: true, ...(m.electronicSignature ? { electronic: m.electronicSignature } : {}) });
}
