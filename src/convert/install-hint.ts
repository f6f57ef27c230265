/** How to install what converting Word documents to PDF needs, said the same way everywhere. */
export const INSTALL_HINT =
  'install LibreOffice and its Python bridge: sudo apt-get install libreoffice-writer-nogui python3-uno fonts-liberation2 (fonts-liberation2 is metric-compatible with Times New Roman and Arial)';
