import { type Money, roundToMinorUnits } from '../shared/index.ts';
import { kgText, moneyText } from './format.ts';
import type { ImporterReference } from './importer-reference.ts';
import { type DocumentRules, shipmentImporterReference } from './invoice.ts';
import { type CustomsForm, customsFormFor, type FormChoice } from './sdr.ts';
import { type ItemLine, itemLine, type PreparedShipment, weightWarnings } from './shipment.ts';
import type { DocParty, DocumentProblem } from './types.ts';

/*
 * The UPU customs declarations of a postal item (Convention, Letter Post Regulations): a CN 22 when
 * the contents are worth up to SDR 300, a CN 23 above. The fields follow the forms: sender and
 * addressee, importer's reference and contact, the category of item, per content line a detailed
 * description, quantity, net weight, value, HS tariff number and country of origin, the total gross
 * weight and total value, postal charges (CN 23), licence, certificate and invoice numbers (CN 23),
 * office of origin and date of posting, and the sender's signed statement.
 */

export const ITEM_CATEGORIES = [
  { key: 'gift', label: 'Gift' },
  { key: 'documents', label: 'Documents' },
  { key: 'commercial-sample', label: 'Commercial sample' },
  { key: 'returned-goods', label: 'Returned goods' },
  { key: 'sale-of-goods', label: 'Sale of goods' },
  { key: 'other', label: 'Other' },
] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number]['key'];

export const SENDER_STATEMENT =
  'I, the undersigned, whose name and address are given on the item, certify that the particulars given in this declaration are correct and that this item does not contain any dangerous article or articles prohibited by legislation or by postal or customs regulations.';

export interface CustomsDeclaration {
  readonly form: CustomsForm;
  /** "CUSTOMS DECLARATION CN 22". */
  readonly title: string;
  readonly parcelN: number;
  readonly parcelCount: number;
  readonly parcelId: string;
  readonly itemNumber: string;
  readonly s10: string | null;
  readonly designatedOperator: string;
  readonly sender: DocParty;
  readonly addressee: DocParty;
  readonly senderCustomsReference: string | null;
  readonly importerReference: ImporterReference | null;
  /** The addressee's telephone and e-mail, where the order gives them. */
  readonly importerContact: string | null;
  readonly category: ItemCategory;
  readonly categories: readonly { readonly label: string; readonly checked: boolean }[];
  readonly explanation: string | null;
  readonly lines: readonly ItemLine[];
  readonly totalGrossWeightG: number;
  readonly totalGrossWeightText: string;
  readonly totalValue: Money;
  readonly totalValueText: string;
  readonly choice: FormChoice;
  /** The postage of this item (its share of the postal leg's charge, by weight); CN 23 only. */
  readonly postalCharges: Money | null;
  readonly postalChargesText: string | null;
  readonly invoiceNumber: string;
  readonly licenceNumbers: string;
  readonly certificateNumbers: string;
  readonly comments: string | null;
  readonly officeOfOrigin: string;
  readonly dateOfPosting: string;
  readonly statement: string;
  readonly signatory: string;
  readonly signedOn: string;
  readonly warnings: readonly string[];
}

export interface CustomsDeclarations {
  /** One per parcel (postal item), in parcel order. */
  readonly declarations: readonly CustomsDeclaration[];
  readonly warnings: readonly string[];
}

/** The postal leg's charge split over the parcels by weight, each share rounded once. */
function postageShares(s: PreparedShipment): Money[] {
  const cost = s.postal!.leg.cost;
  const total = BigInt(s.parcels.reduce((sum, p) => sum + p.record.weightG, 0));
  return s.parcels.map((p) =>
    total === 0n
      ? { amount: 0, currency: cost.currency }
      : roundToMinorUnits(
          { n: BigInt(cost.amount) * BigInt(p.record.weightG), d: total },
          cost.currency,
        ),
  );
}

/** The CN 22 / CN 23 of each postal item of a shipment; not-postal when no post carries it. */
export function buildCustomsDeclarations(
  s: PreparedShipment,
  rules: DocumentRules,
): { ok: true; value: CustomsDeclarations } | { ok: false; error: DocumentProblem } {
  const postal = s.postal;
  if (!postal)
    return {
      ok: false,
      error: {
        code: 'not-postal',
        message: `CN 22 and CN 23 declare postal items, and no post carries this shipment (its chain: ${s.chainText}); its goods are declared on the commercial invoice`,
      },
    };
  const reference = shipmentImporterReference(s, rules);
  const postage = postageShares(s);
  const e = s.seller.exporter;
  const senderCustomsReference = e.customsCode ?? s.seller.registrations.eori ?? null;
  const contact = [s.consignee.phone, s.consignee.email].filter(Boolean).join(', ') || null;
  const declarations: CustomsDeclaration[] = [];
  const warnings = [...reference.warnings, ...weightWarnings(s.parcels)];
  for (const [i, p] of s.parcels.entries()) {
    const found = customsFormFor(p.parcel.declaredValue, s.issuedOn, rules.sdr);
    if (!found.ok)
      return {
        ok: false,
        error: {
          code: 'no-sdr-rate',
          message: `parcel ${p.n}: cannot choose between CN 22 and CN 23: ${found.message}`,
        },
      };
    const choice = found.choice;
    if (choice.warning && !warnings.includes(choice.warning)) warnings.push(choice.warning);
    const cn23 = choice.form === 'CN23';
    const lines = p.parcel.items.map((item, j) => itemLine(item, j + 1, p.n));
    declarations.push({
      form: choice.form,
      title: `CUSTOMS DECLARATION ${cn23 ? 'CN 23' : 'CN 22'}`,
      parcelN: p.n,
      parcelCount: s.parcels.length,
      parcelId: p.record.id,
      itemNumber: p.record.trackingNumber,
      s10: p.record.s10,
      designatedOperator: postal.operatorName,
      sender: s.shipper,
      addressee: s.consignee,
      senderCustomsReference,
      importerReference: reference.reference,
      importerContact: contact,
      category: 'sale-of-goods',
      categories: ITEM_CATEGORIES.map((c) => ({
        label: c.label,
        checked: c.key === 'sale-of-goods',
      })),
      explanation: null,
      lines,
      totalGrossWeightG: p.record.weightG,
      totalGrossWeightText: kgText(p.record.weightG),
      totalValue: p.parcel.declaredValue,
      totalValueText: moneyText(p.parcel.declaredValue),
      choice,
      postalCharges: cn23 ? postage[i]! : null,
      postalChargesText: cn23 ? moneyText(postage[i]!) : null,
      invoiceNumber: s.facts.shipmentId,
      licenceNumbers: 'none',
      certificateNumbers: 'none',
      comments: null,
      officeOfOrigin: `${postal.operatorName}, ${s.shipper.city} (${s.shipper.country})`,
      dateOfPosting: s.issuedOn,
      statement: SENDER_STATEMENT,
      signatory: s.shipper.name,
      signedOn: s.issuedOn,
      warnings,
    });
  }
  return { ok: true, value: { declarations, warnings } };
}

/** The declarations on one form (the CN 22 file or the CN 23 file), or why there are none. */
export function declarationsOnForm(
  all: CustomsDeclarations,
  form: CustomsForm,
): { ok: true; value: CustomsDeclaration[] } | { ok: false; error: DocumentProblem } {
  const on = all.declarations.filter((d) => d.form === form);
  if (on.length > 0) return { ok: true, value: on };
  const other = form === 'CN22' ? 'CN 23' : 'CN 22';
  const why = all.declarations
    .map((d) => `parcel ${d.parcelN}: ${d.choice.reason} at ${d.choice.rateText}`)
    .join('; ');
  return {
    ok: false,
    error: {
      code: 'no-such-form',
      message: `this shipment's postal items are declared on ${other}, not ${form === 'CN22' ? 'CN 22' : 'CN 23'} (${why})`,
    },
  };
}
