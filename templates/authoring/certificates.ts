/** The certificates of translation and of service. */
import { type DocumentSpec, bold, para, paragraph, pt, run } from './docx.js';
import { fillIn, labelled, section, sectionUnless, sigLine, signatureBlock, title } from './blocks.js';
import { caption, runningHeader } from './caption.js';

// ── certificate of translation ────────────────────────────────────────────────

export function certificateOfTranslation(): DocumentSpec {
  const tr = 'item.translator';
  return {
    title: 'Certificate of translation',
    body: [
      para('In the Matter of {matterOf}', { align: 'right', style: 'Note' }),
      para('CERTIFICATE OF TRANSLATION', { style: 'DocTitle', before: pt(36) }),
      labelled('Document:', '{item.title}', { after: pt(6) }),
      labelled('Exhibit:', 'Tab {item.tab}', { after: pt(6) }),
      ...section('item.dateText', [labelled('Dated:', '{item.dateText}', { after: pt(6) })]),
      labelled('Translated from:', '{item.languageName} into English', { after: pt(24) }),
      paragraph(
        // Written once, in src/render/wording.ts, for this certificate and the packet's.
        run('{item.certification}'),
        { style: 'Block', keepNext: true },
      ),
      fillIn('Signature:', { before: pt(36) }),
      labelled('Printed name:', `{${tr}.name}`, { before: pt(18), keepNext: true }),
      labelled('Address:', `{${tr}.address}`, { before: pt(6), keepNext: true }),
      labelled('Telephone:', `{${tr}.phone}`, { before: pt(6), keepNext: true }),
      fillIn('Date:', { before: pt(18), keepNext: false }),
    ],
  };
}

// ── certificate of service ────────────────────────────────────────────────────

/**
 * The statement of service and its signature: `statement` is the model field holding the words
 * (written once, in src/render/wording.ts, for the Word certificates and the packet's); absent
 * without DHS service details, a note to complete it stands in its place.
 */
export function serviceSigned(statement: string): string[] {
  return [
    ...section(statement, [para(`{${statement}}`, { style: 'Block' })]),
    ...sectionUnless(statement, [
      paragraph(bold('[REVIEW BEFORE FILING: the intake has no DHS service details (proceeding.dhsService). Complete this certificate before filing.]'), { style: 'Block', align: 'left' }),
    ]),
    ...signatureBlock(
      [...section('representative', [sigLine('{representative.name}')]), ...sectionUnless('representative', [fillIn('Printed name:', { style: 'Signature', before: pt(12) })])],
      { dateLine: true, electronic: true },
    ),
  ];
}

export function certificateOfService(): DocumentSpec {
  return {
    title: 'Certificate of service',
    runningHeader: runningHeader('Certificate of Service'),
    body: [...caption({ filer: true }), title('CERTIFICATE OF SERVICE'), ...serviceSigned('serviceStatement')],
  };
}
