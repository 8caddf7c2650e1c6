/** An amount of money in öre (1/100 SEK). Never a JS number: sums of öre must be exact. */
export type Ore = bigint;

export const ORE_PER_SEK = 100n;
export const ORE_PER_TKR = 100_000n;
