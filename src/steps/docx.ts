/** `docx`: fills a Word template (docxtemplater) and writes the .docx. */
import { renderDocx } from '../render/docx.js';
import { documentStep } from './document.js';

export const docxStep = documentStep({
  kind: 'docx',
  description: 'Fill a Word template (.docx) with the case',
  extensions: ['.docx'],
  render: (file, template, data) => renderDocx(file, template, data),
});
