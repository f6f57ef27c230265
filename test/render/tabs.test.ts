import { describe, expect, test } from 'vitest';
import { tabLabel, tabLetter } from '../../src/render/tabs.js';

describe('tabLetter (bijective base 26)', () => {
  test.each([
    [0, 'A'],
    [1, 'B'],
    [24, 'Y'],
    [25, 'Z'],
    [26, 'AA'],
    [27, 'AB'],
    [51, 'AZ'],
    [52, 'BA'],
    [77, 'BZ'],
    [78, 'CA'],
    [675, 'YZ'],
    [676, 'ZA'],
    [701, 'ZZ'],
    [702, 'AAA'],
    [703, 'AAB'],
  ])('%i → %s', (index, label) => {
    expect(tabLetter(index)).toBe(label);
  });

  test('the first 1000 labels are distinct, upper-case letters only, and in shortlex order', () => {
    const labels = Array.from({ length: 1000 }, (_, i) => tabLetter(i));
    expect(new Set(labels).size).toBe(1000);
    for (const l of labels) expect(l).toMatch(/^[A-Z]+$/);
    for (let i = 1; i < labels.length; i++) {
      const [a, b] = [labels[i - 1]!, labels[i]!];
      expect(a.length < b.length || (a.length === b.length && a < b), `${a} before ${b}`).toBe(true);
    }
  });
});

describe('tabLabel', () => {
  test.each([
    [0, '1'],
    [1, '2'],
    [25, '26'],
    [26, '27'],
    [99, '100'],
  ])('numbers style: %i → %s', (index, label) => {
    expect(tabLabel(index, 'numbers')).toBe(label);
  });

  test.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
  ])('letters style: %i → %s', (index, label) => {
    expect(tabLabel(index, 'letters')).toBe(label);
  });

  test('letters is the default', () => {
    expect(tabLabel(0)).toBe('A');
    expect(tabLabel(27)).toBe('AB');
  });
});
