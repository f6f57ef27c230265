/** Small wording helpers the rules share, so every message counts and dates things the same way. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const PROCEEDING_WORDS = { affirmative: 'USCIS', defensive: 'the immigration court' } as const;

export const usd = (amount: number) => `$${amount}`;
