/** How to install the helper programs the filing uses, said the same way everywhere. */

/** What converting Word documents to PDF needs. */
export const INSTALL_HINT =
  'install LibreOffice and its Python bridge: sudo apt-get install libreoffice-writer-nogui python3-uno fonts-liberation2 (fonts-liberation2 is metric-compatible with Times New Roman and Arial)';

/** What OCR of image pages needs (src/ocr/tesseract.ts). */
export const OCR_INSTALL_HINT =
  'install Tesseract to give image pages searchable text: sudo apt-get install tesseract-ocr tesseract-ocr-spa (and tesseract-ocr-<language> for each language of the evidence)';
