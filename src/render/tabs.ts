/** Exhibit tab labels: A … Z, then AA, AB … AZ, BA … (bijective base 26), or numbers. */
export function tabLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export type TabStyle = 'letters' | 'numbers';

export function tabLabel(index: number, style: TabStyle = 'letters'): string {
  return style === 'numbers' ? String(index + 1) : tabLetter(index);
}
