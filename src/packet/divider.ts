/** A tab divider page: "TAB A" and the exhibit's title, centred, as the paper tabs of a binder. */
import type { Composer } from './compose.js';
import { LETTER } from './geometry.js';

export function drawTabPage(c: Composer, label: string, title: string, note?: string): void {
  c.y = LETTER.height * 0.62;
  c.text(label, { style: 'bold', size: 36, align: 'center', leading: 44, after: 24 });
  c.text(title, { size: 16, align: 'center', leading: 21, indent: 36, width: c.right - c.left - 72 });
  if (note) c.text(note, { style: 'italic', size: 12, align: 'center', before: 10 });
}
