import type { Destination, RateCard } from './types.ts';

/** Postcodes are compared without spaces or dashes, upper-case ("SW1A 1AA" ≡ "SW1A1AA"). */
export function normalizePostcode(postcode: string): string {
  return postcode.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * The key under which a card prices a destination: its zone (the rule with the longest
 * matching postcode prefix wins) or, for a card without zones, the country code.
 */
export function rateKeyFor(card: RateCard, destination: Destination): string | undefined {
  if (!card.zones) return card.rates.has(destination.country) ? destination.country : undefined;
  const postcode = destination.postcode ? normalizePostcode(destination.postcode) : '';
  let best: string | undefined;
  let bestLength = -1;
  for (const rule of card.zones) {
    if (rule.country !== destination.country) continue;
    if (rule.postcodePrefix.length > bestLength && postcode.startsWith(rule.postcodePrefix)) {
      best = rule.zone;
      bestLength = rule.postcodePrefix.length;
    }
  }
  return best !== undefined && card.rates.has(best) ? best : undefined;
}
