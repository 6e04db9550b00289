import type { SellerProfile } from '../customs/index.ts';
import type { OrderItem, OrderParcel } from '../planning/index.ts';
import { type CurrencyCode, type Money } from '../shared/index.ts';
import {
  docPartyOfBuyer,
  docPartyOfSeller,
  kgText,
  localDate,
  missingBuyerFields,
  moneyText,
} from './format.ts';
import type { ConsignmentGoods } from './importer-reference.ts';
import { type PostalCarriage, postalCarriage } from './postal.ts';
import type {
  DocParty,
  DocumentLeg,
  DocumentProblem,
  ParcelRecord,
  ShipmentFacts,
} from './types.ts';

/** One parcel of the shipment: the stored record beside the order's parcel it carries. */
export interface ShipmentParcel {
  readonly record: ParcelRecord;
  readonly parcel: OrderParcel;
  /** 1-based: "parcel n of count". */
  readonly n: number;
}

/** One item line as the documents print it. */
export interface ItemLine {
  /** 1-based across the shipment. */
  readonly no: number;
  /** The parcel it travels in (1-based). */
  readonly parcelN: number;
  readonly description: string;
  readonly sku: string | null;
  readonly hsCode: string;
  readonly originCountry: string;
  readonly quantity: number;
  readonly unitValue: Money;
  readonly unitValueText: string;
  /** quantity × unit value, exact in minor units. */
  readonly value: Money;
  readonly valueText: string;
  /** The item line's net weight: an item's weightG is the whole line's (all its units), as customs declares it. */
  readonly netWeightG: number;
  readonly netWeightText: string;
}

export interface MoneyTotal {
  readonly total: Money;
  readonly text: string;
}

/** What every document of a shipment shares, checked once. */
export interface PreparedShipment {
  readonly facts: ShipmentFacts;
  readonly seller: SellerProfile;
  readonly issuedOn: string;
  readonly shipper: DocParty;
  readonly consignee: DocParty;
  readonly parcels: readonly ShipmentParcel[];
  readonly postal: PostalCarriage | null;
  /** "Merlion Post — Tracked packet (…)" or the line-haul's and the last mile's. */
  readonly carriageText: string;
  /** The partners of the chain in order, "A › B › C". */
  readonly chainText: string;
  readonly goods: ConsignmentGoods;
}

/** The shipment's parcels with their order parcels, or why they do not match. */
function pairParcels(facts: ShipmentFacts): ShipmentParcel[] | DocumentProblem {
  const records = [...facts.parcels].sort((a, b) => a.seq - b.seq);
  if (records.length !== facts.order.parcels.length || records.some((r, i) => r.seq !== i))
    return {
      code: 'parcels-missing',
      message: `the shipment has ${records.length} stored parcel(s) for the order's ${facts.order.parcels.length}`,
    };
  return records.map((record, i) => ({ record, parcel: facts.order.parcels[i]!, n: i + 1 }));
}

function carriageOf(legs: readonly DocumentLeg[], postal: PostalCarriage | null): string {
  if (postal) return `${postal.operatorName} — ${postal.leg.serviceName}`;
  const linehaul = legs.find((l) => l.activities.includes('international-linehaul'));
  const lastMile = [...legs].reverse().find((l) => l.activities.includes('last-mile'));
  const parts: string[] = [];
  if (linehaul) parts.push(`${linehaul.partnerName} — ${linehaul.serviceName}`);
  if (lastMile && lastMile !== linehaul) parts.push(`last mile ${lastMile.partnerName}`);
  return parts.join('; ') || legs.map((l) => l.serviceName).join(', ');
}

function chainOf(legs: readonly DocumentLeg[]): string {
  const names: string[] = [];
  for (const l of legs) if (names[names.length - 1] !== l.partnerName) names.push(l.partnerName);
  return names.join(' › ');
}

/** Checks what every document needs (the seller's profile, the buyer's address, the parcels). */
export function prepareShipment(
  facts: ShipmentFacts,
): { ok: true; value: PreparedShipment } | { ok: false; error: DocumentProblem } {
  if (!facts.seller)
    return {
      ok: false,
      error: {
        code: 'no-seller-profile',
        message:
          'the seller has no profile: documents name the shipper; set it with PUT /v1/seller/profile',
      },
    };
  const missing = missingBuyerFields(facts.order.buyer);
  if (missing.length > 0)
    return {
      ok: false,
      error: {
        code: 'consignee-incomplete',
        message: `the order's buyer lacks ${missing.map((m) => m.field).join(', ')}: labels and customs papers need the addressee's name and address`,
        fields: missing,
      },
    };
  const parcels = pairParcels(facts);
  if (!Array.isArray(parcels)) return { ok: false, error: parcels };
  const postal = postalCarriage(facts.legs);
  const values = facts.order.parcels.map((p) => p.declaredValue);
  return {
    ok: true,
    value: {
      facts,
      seller: facts.seller,
      issuedOn: localDate(facts.issuedAtMs, facts.timezone),
      shipper: docPartyOfSeller(facts.seller.party),
      consignee: docPartyOfBuyer(facts.order.buyer),
      parcels,
      postal,
      carriageText: carriageOf(facts.legs, postal),
      chainText: chainOf(facts.legs),
      goods: {
        values,
        unitValues: facts.order.parcels.flatMap((p) => p.items.map((i) => i.unitValue)),
      },
    },
  };
}

export function itemLine(item: OrderItem, no: number, parcelN: number): ItemLine {
  const value: Money = {
    amount: item.unitValue.amount * item.quantity,
    currency: item.unitValue.currency,
  };
  const netWeightG = item.weightG;
  return {
    no,
    parcelN,
    description: item.description,
    sku: item.sku,
    hsCode: item.hsCode,
    originCountry: item.originCountry,
    quantity: item.quantity,
    unitValue: item.unitValue,
    unitValueText: moneyText(item.unitValue),
    value,
    valueText: moneyText(value),
    netWeightG,
    netWeightText: kgText(netWeightG),
  };
}

/** Item lines of some parcels, numbered from 1. */
export function itemLines(parcels: readonly ShipmentParcel[]): ItemLine[] {
  const lines: ItemLine[] = [];
  for (const p of parcels)
    for (const item of p.parcel.items) lines.push(itemLine(item, lines.length + 1, p.n));
  return lines;
}

/** Totals per currency, in the order the currencies first appear. */
export function totalsByCurrency(values: readonly Money[]): MoneyTotal[] {
  const sums = new Map<CurrencyCode, number>();
  for (const v of values) sums.set(v.currency, (sums.get(v.currency) ?? 0) + v.amount);
  return [...sums].map(([currency, amount]) => {
    const total = { amount, currency };
    return { total, text: moneyText(total) };
  });
}

/** Item lines whose net weight exceeds their parcel's gross weight: a sign of wrong item weights. */
export function weightWarnings(parcels: readonly ShipmentParcel[]): string[] {
  const warnings: string[] = [];
  for (const p of parcels) {
    const net = p.parcel.items.reduce((s, i) => s + i.weightG, 0);
    if (net > p.record.weightG)
      warnings.push(
        `parcel ${p.n}: its items weigh ${kgText(net)} net, more than the parcel's ${kgText(p.record.weightG)} gross (an item's weight is its whole line's)`,
      );
  }
  return warnings;
}
