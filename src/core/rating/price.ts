import {
  add,
  compare,
  currencyMinorDigits,
  type Exact,
  err,
  mul,
  ok,
  type Result,
  roundToMinorUnits,
  toNumber,
} from '../shared/index.ts';
import { chargeableWeight } from './chargeable-weight.ts';
import { freightFor, maxWeightOf } from './freight.ts';
import { fxFactor } from './fx.ts';
import type {
  ChargeKind,
  ChargeLine,
  DatedRateCard,
  Dimensions,
  ParcelToRate,
  RateQuote,
  RatingContext,
  RatingFailure,
  ServicePricing,
  Surcharge,
} from './types.ts';
import { normalizePostcode, rateKeyFor } from './zones.ts';

const majorUnitRate = (minorFactor: Exact, from: string, to: string): Exact =>
  mul(minorFactor, {
    n: 10n ** BigInt(currencyMinorDigits(from) ?? 2),
    d: 10n ** BigInt(currencyMinorDigits(to) ?? 2),
  });

/** The card in force at an instant: the latest-starting one whose window holds it. */
export function cardInForce(
  cards: readonly DatedRateCard[],
  atMs: number,
): DatedRateCard | undefined {
  let found: DatedRateCard | undefined;
  for (const dated of cards) {
    if (dated.validFromMs > atMs) continue;
    if (dated.validToMs !== null && atMs >= dated.validToMs) continue;
    if (!found || dated.validFromMs >= found.validFromMs) found = dated;
  }
  return found;
}

function sortedSides(dims: Dimensions): [number, number, number] {
  const s = [dims.lengthMm, dims.widthMm, dims.heightMm].sort((a, b) => b - a);
  return [s[0]!, s[1]!, s[2]!];
}

const perKgOf = (perKg: Exact, weightG: number): Exact => ({
  n: perKg.n * BigInt(weightG),
  d: perKg.d * 1000n,
});

interface ExactLine {
  readonly kind: ChargeKind;
  readonly name: string;
  readonly exact: Exact;
}

function surchargeLine(
  surcharge: Surcharge,
  parcel: ParcelToRate,
  freight: Exact,
  chargeableG: number,
  atMs: number,
): ExactLine | undefined {
  switch (surcharge.kind) {
    case 'fuel': {
      let rate: Exact | undefined;
      for (const step of surcharge.schedule) if (step.validFromMs <= atMs) rate = step.rate;
      return rate ? { kind: 'fuel', name: surcharge.name, exact: mul(freight, rate) } : undefined;
    }
    case 'remote-area': {
      const postcode = parcel.destination.postcode
        ? normalizePostcode(parcel.destination.postcode)
        : '';
      const hit = surcharge.areas.some(
        (a) =>
          a.country === parcel.destination.country &&
          (a.postcodePrefixes.length === 0 ||
            (postcode !== '' && a.postcodePrefixes.some((p) => postcode.startsWith(p)))),
      );
      if (!hit) return undefined;
      return {
        kind: 'remote-area',
        name: surcharge.name,
        exact: add(surcharge.fee, perKgOf(surcharge.perKg, chargeableG)),
      };
    }
    case 'special-cargo': {
      if (!parcel.goods.some((g) => surcharge.goods.includes(g))) return undefined;
      return {
        kind: 'special-cargo',
        name: surcharge.name,
        exact: add(surcharge.fee, perKgOf(surcharge.perKg, chargeableG)),
      };
    }
    case 'oversize': {
      let over =
        surcharge.actualWeightOverG !== null && parcel.weightG > surcharge.actualWeightOverG;
      if (parcel.dims) {
        const [longest, mid, short] = sortedSides(parcel.dims);
        if (surcharge.longestSideOverMm !== null && longest > surcharge.longestSideOverMm)
          over = true;
        if (
          surcharge.lengthPlusGirthOverMm !== null &&
          longest + 2 * (mid + short) > surcharge.lengthPlusGirthOverMm
        ) {
          over = true;
        }
      }
      return over ? { kind: 'oversize', name: surcharge.name, exact: surcharge.fee } : undefined;
    }
  }
}

/**
 * Prices one parcel on one service, exactly: chargeable weight, the card in force, its zone,
 * freight, then each surcharge that applies. Each line is computed exactly (percentage surcharges
 * on the exact freight), converted at the FX rate in force if the quote currency differs, and
 * rounded once to minor units; the total is the sum of the rounded lines.
 */
export function priceParcel(
  pricing: ServicePricing,
  parcel: ParcelToRate,
  ctx: RatingContext,
): Result<RateQuote, RatingFailure> {
  const atMs = ctx.at.getTime();
  const dated = cardInForce(pricing.cards, atMs);
  if (!dated) return err({ tag: 'no-card-in-force', at: ctx.at.toISOString() });
  const card = dated.card;
  const rateKey = rateKeyFor(card, parcel.destination);
  if (rateKey === undefined) {
    return err({
      tag: 'no-rate-for-destination',
      cardId: card.id,
      country: parcel.destination.country,
      postcode: parcel.destination.postcode ?? null,
    });
  }
  const rates = card.rates.get(rateKey)!;
  const weight = chargeableWeight(pricing.chargeableWeight, parcel.weightG, parcel.dims);
  let freight = freightFor(rates, weight.chargeableG);
  if (!freight) {
    return err({
      tag: 'over-max-weight',
      cardId: card.id,
      rateKey,
      maxG: maxWeightOf(rates) ?? 0,
      chargeableG: weight.chargeableG,
    });
  }
  if (pricing.minimumCharge && compare(freight, pricing.minimumCharge) < 0)
    freight = pricing.minimumCharge;

  const exactLines: ExactLine[] = [{ kind: 'freight', name: 'Freight', exact: freight }];
  for (const surcharge of pricing.surcharges) {
    const line = surchargeLine(surcharge, parcel, freight, weight.chargeableG, atMs);
    if (line) exactLines.push(line);
  }

  const currency = ctx.currency ?? card.currency;
  let factor: Exact = { n: 1n, d: 1n };
  if (currency !== card.currency) {
    if (!ctx.fx)
      return err({
        tag: 'no-fx-rate',
        from: card.currency,
        to: currency,
        at: ctx.at.toISOString(),
      });
    const found = fxFactor(ctx.fx, card.currency, currency, atMs);
    if (!found.ok) return found;
    factor = found.value;
  }

  const lines: ChargeLine[] = [];
  let total = 0;
  for (const line of exactLines) {
    const amount = roundToMinorUnits(mul(line.exact, factor), currency);
    total += amount.amount;
    lines.push({ kind: line.kind, name: line.name, amount });
  }
  return ok({
    total: { amount: total, currency },
    lines,
    weight,
    rateKey,
    cardId: card.id,
    cardCurrency: card.currency,
    fxRate:
      currency === card.currency
        ? null
        : String(toNumber(majorUnitRate(factor, card.currency, currency))),
  });
}
