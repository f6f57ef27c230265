/** `docx`: fills a Word template (docxtemplater) and writes the .docx. */
import { documentStep } from './document.js';

export const docxStep = documentStep({
  kind: 'docx',
  description: 'Fill a Word template (.docx) with the case',
  extensions: ['.docx'],
  renderer: async () => (await import('../render/docx.js')).renderDocx,
});
