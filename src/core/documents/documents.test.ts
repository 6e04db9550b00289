import { describe, expect, it } from 'vitest';
import { isS10, type CountryCode, type CurrencyCode } from '../shared/index.ts';
import { documentCatalogue, parseDocumentKind, shipmentDocument } from './catalogue.ts';
import { buildCustomsDeclarations } from './customs-declaration.ts';
import { buildCommercialInvoice } from './invoice.ts';
import { buildLabels } from './label.ts';
import { buildManifest, csvCell } from './manifest.ts';
import { buildPackingList } from './packing-list.ts';
import { postalCarriage, s10For, s10IndicatorFor } from './postal.ts';
import { prepareShipment, type PreparedShipment } from './shipment.ts';
import {
  CHAIN_LEGS,
  facts,
  item,
  order,
  orderParcel,
  POSTAL_LEGS,
  records,
  SELLER,
  testRules,
  usd,
} from './test-fixtures.ts';
import type { ShipmentFacts } from './types.ts';

const rules = testRules();

function prepared(f: ShipmentFacts): PreparedShipment {
  const r = prepareShipment(f);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Two parcels: 3 × 2.50 + 1 × 19.99 USD in the first (800 g), 2 × 7.45 USD in the second (450 g). */
const twoParcels = order([
  orderParcel(
    [
      item({ description: 'silicone phone case', quantity: 3, unitValue: usd(250), weightG: 360 }),
      item({
        description: 'USB-C charger 20 W',
        hsCode: '850440',
        quantity: 1,
        unitValue: usd(1999),
        weightG: 300,
        sku: 'CHG-20W',
      }),
    ],
    800,
  ),
  orderParcel(
    [
      item({
        description: 'screen protector',
        hsCode: '700719',
        quantity: 2,
        unitValue: usd(745),
        weightG: 400,
      }),
    ],
    450,
  ),
]);

describe('S10 identifiers for postal items', () => {
  const carriage = postalCarriage(POSTAL_LEGS)!;

  it('finds the post and its country on the chain; none on a chain without one', () => {
    expect(carriage.operatorName).toBe('Merlion Post');
    expect(carriage.country).toBe('SG');
    expect(postalCarriage(CHAIN_LEGS)).toBeNull();
  });

  it('chooses the service indicator by the UPU list: L tracked ≤ 2 kg, U untracked, C over 2 kg, E EMS', () => {
    expect(s10IndicatorFor(carriage, 450).code).toBe('LX');
    expect(s10IndicatorFor(carriage, 2000).code).toBe('LX');
    expect(s10IndicatorFor(carriage, 2001).code).toBe('CX');
    const untracked = { ...carriage, leg: { ...carriage.leg, tracking: 'milestones' as const } };
    expect(s10IndicatorFor(untracked, 450).code).toBe('UX');
    const ems = { ...carriage, leg: { ...carriage.leg, mode: 'express' as const } };
    expect(s10IndicatorFor(ems, 450).code).toBe('EX');
  });

  it('forms the identifier with the UPU check digit (worked by hand)', () => {
    // 1·8 + 2·6 + 3·4 + 4·2 + 5·3 + 6·5 + 7·9 + 8·7 = 204; 204 mod 11 = 6; 11 − 6 = 5.
    expect(s10For(carriage, 450, 12345678)).toBe('LX123456785SG');
    // 00000001: 1·7 = 7; 11 − 7 = 4.
    expect(s10For(carriage, 450, 1)).toBe('LX000000014SG');
    // 00000008: 8·7 = 56; 56 mod 11 = 1; 11 − 1 = 10, written 0.
    expect(s10For(carriage, 2500, 8)).toBe('CX000000080SG');
    // 00000000: sum 0; 11 − 0 = 11, written 5.
    expect(s10For(carriage, 450, 0)).toBe('LX000000005SG');
    for (const s of ['LX123456785SG', 'LX000000014SG', 'CX000000080SG'])
      expect(isS10(s)).toBe(true);
  });
});

describe('what every document needs', () => {
  it('refuses without the seller profile, and names the buyer fields a label needs', () => {
    const noSeller = prepareShipment(facts({ order: twoParcels, seller: null }));
    expect(!noSeller.ok && noSeller.error.code).toBe('no-seller-profile');
    const bare = order(twoParcels.parcels, {
      buyer: { country: 'DE' as CountryCode, postcode: '10115', city: 'Berlin' },
    });
    const r = prepareShipment(facts({ order: bare }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('consignee-incomplete');
    expect(r.error.fields?.map((f) => f.field)).toEqual(['buyer.name', 'buyer.addressLines']);
  });

  it('writes the addressee in the destination’s order, country last in capitals', () => {
    const s = prepared(facts({ order: twoParcels }));
    expect(s.consignee.lines).toEqual(['Invalidenstraße 117', '10115 Berlin', 'GERMANY']);
    expect(s.shipper.lines).toEqual([
      'Room 1203, Block B, Tech Park',
      '9 Keyuan Road, Nanshan District',
      '518057 Shenzhen',
      'GD',
      'CHINA',
    ]);
    const us = order(twoParcels.parcels, {
      buyer: {
        country: 'US' as CountryCode,
        region: 'US-NY',
        postcode: '10001',
        city: 'New York',
        name: 'John Doe',
        addressLines: ['350 Fifth Avenue'],
      },
    });
    expect(prepared(facts({ order: us })).consignee.lines).toEqual([
      '350 Fifth Avenue',
      'New York NY 10001',
      'UNITED STATES',
    ]);
  });
});

describe('commercial invoice', () => {
  it('totals the lines: 3 × 2.50 + 19.99 + 2 × 7.45 = 42.39 USD; 1.250 kg gross, 1.060 kg net', () => {
    const inv = buildCommercialInvoice(prepared(facts({ order: twoParcels })), rules);
    expect(
      inv.lines.map((l) => [l.no, l.parcelN, l.quantity, l.valueText, l.netWeightText]),
    ).toEqual([
      [1, 1, 3, '7.50 USD', '0.360 kg'],
      [2, 1, 1, '19.99 USD', '0.300 kg'],
      [3, 2, 2, '14.90 USD', '0.400 kg'],
    ]);
    expect(inv.totals).toEqual([{ total: usd(4239), text: '42.39 USD' }]);
    expect(inv.grossWeightText).toBe('1.250 kg');
    expect(inv.netWeightText).toBe('1.060 kg');
    expect(inv.parcelCount).toBe(2);
    expect(inv.invoiceNumber).toBe('shp_01kb0000000000000000000001');
    expect(inv.issuedOn).toBe('2025-12-22');
    expect(inv.incotermText).toMatch(/^DAP/);
    expect(inv.exporterIds.map((i) => i.label)).toEqual([
      'China customs code',
      'Unified social credit code',
      'AEO',
    ]);
    expect(inv.warnings).toEqual([]);
  });

  it('quotes the IOSS number for an EU consignment up to EUR 150 (42.39 USD = 36.09 EUR via SDR)', () => {
    // 42.39 × 0.731435 / 0.85907 = 36.0919… EUR (IMF rates of 2025-12-22).
    const inv = buildCommercialInvoice(prepared(facts({ order: twoParcels })), rules);
    expect(inv.importerReference).toEqual({
      label: 'IOSS',
      number: 'IM1560000123',
      reason: 'IOSS: consignment 36.09 EUR ≤ 150 EUR',
    });
  });

  it('does not quote it above EUR 150, and says why', () => {
    // 205.00 USD = 174.54 EUR.
    const dear = order([orderParcel([item({ unitValue: usd(20500) })], 300)]);
    const inv = buildCommercialInvoice(prepared(facts({ order: dear })), rules);
    expect(inv.importerReference).toBeNull();
    expect(inv.warnings).toEqual([
      'IOSS IM1560000123 not quoted: consignment 174.54 EUR is not ≤ 150 EUR (the import tax is due at import)',
    ]);
  });

  it('keeps a total per currency when parcels are valued in different currencies', () => {
    const eur = { amount: 1000, currency: 'EUR' as CurrencyCode };
    const mixed = order([
      orderParcel([item()], 300),
      orderParcel([item({ unitValue: eur, quantity: 2 })], 300),
    ]);
    const inv = buildCommercialInvoice(prepared(facts({ order: mixed })), rules);
    expect(inv.totals.map((t) => t.text)).toEqual(['8.99 USD', '20.00 EUR']);
  });

  it('warns when the item lines weigh more than the parcel', () => {
    const heavy = order([orderParcel([item({ quantity: 4, weightG: 1200 })], 500)]);
    const inv = buildCommercialInvoice(prepared(facts({ order: heavy })), rules);
    expect(inv.warnings).toEqual([
      "parcel 1: its items weigh 1.200 kg net, more than the parcel's 0.500 kg gross (an item's weight is its whole line's)",
    ]);
  });
});

describe('packing list', () => {
  it('lists each parcel with its items, and the totals', () => {
    const list = buildPackingList(prepared(facts({ order: twoParcels })));
    expect(
      list.parcels.map((p) => [p.n, p.count, p.quantity, p.grossWeightText, p.netWeightText]),
    ).toEqual([
      [1, 2, 4, '0.800 kg', '0.660 kg'],
      [2, 2, 2, '0.450 kg', '0.400 kg'],
    ]);
    expect(list.parcels[0]!.dimsText).toBe('200 × 150 × 40 mm');
    expect(list.totals).toEqual({
      parcels: 2,
      quantity: 6,
      grossWeightG: 1250,
      grossWeightText: '1.250 kg',
      netWeightG: 1060,
      netWeightText: '1.060 kg',
    });
  });
});

describe('CN 22 / CN 23', () => {
  const onePostal = (valueCents: number, weightG = 300) => {
    const o = order([orderParcel([item({ unitValue: usd(valueCents), weightG })], weightG)]);
    return facts({ order: o, parcels: records(o, ['LX123456785SG']) });
  };

  it('declares a postal item worth up to SDR 300 on a CN 22, with every field of the form', () => {
    const r = buildCustomsDeclarations(prepared(onePostal(899)), rules);
    if (!r.ok) throw new Error(r.error.message);
    const [d] = r.value.declarations;
    expect(d).toMatchObject({
      form: 'CN22',
      title: 'CUSTOMS DECLARATION CN 22',
      itemNumber: 'LX123456785SG',
      designatedOperator: 'Merlion Post',
      senderCustomsReference: '4403960ABC',
      importerReference: { label: 'IOSS', number: 'IM1560000123' },
      importerContact: '+49 30 1234567, erika@example.de',
      category: 'sale-of-goods',
      totalGrossWeightText: '0.300 kg',
      totalValueText: '8.99 USD',
      postalCharges: null,
      invoiceNumber: 'shp_01kb0000000000000000000001',
      officeOfOrigin: 'Merlion Post, Shenzhen (CN)',
      dateOfPosting: '2025-12-22',
      signatory: 'Shenzhen Bright Gadgets Co., Ltd.',
    });
    expect(d!.choice.sdrText).toBe('SDR 6.58');
    expect(d!.categories.filter((c) => c.checked).map((c) => c.label)).toEqual(['Sale of goods']);
    expect(d!.lines[0]).toMatchObject({
      hsCode: '392690',
      originCountry: 'CN',
      netWeightText: '0.300 kg',
    });
  });

  it('switches to a CN 23 one cent above SDR 300, with the postage', () => {
    const under = buildCustomsDeclarations(prepared(onePostal(41015)), rules);
    expect(under.ok && under.value.declarations[0]!.form).toBe('CN22');
    const r = buildCustomsDeclarations(prepared(onePostal(41016)), rules);
    if (!r.ok) throw new Error(r.error.message);
    const d = r.value.declarations[0]!;
    expect(d.form).toBe('CN23');
    expect(d.postalChargesText).toBe('42.89 CNY');
    // 410.16 USD = 349.23 EUR: over the IOSS ceiling, so no importer's reference.
    expect(d.importerReference).toBeNull();
  });

  it('splits the postage over the parcels by weight, each share rounded once', () => {
    const o = order([
      orderParcel([item({ unitValue: usd(50000) })], 300),
      orderParcel([item({ unitValue: usd(50000) })], 700),
    ]);
    const legs = [{ ...POSTAL_LEGS[0]!, cost: { amount: 1001, currency: 'CNY' as CurrencyCode } }];
    const r = buildCustomsDeclarations(prepared(facts({ order: o, legs })), rules);
    if (!r.ok) throw new Error(r.error.message);
    // 1001 × 300/1000 = 300.3 → 300; 1001 × 700/1000 = 700.7 → 701.
    expect(r.value.declarations.map((d) => d.postalCharges?.amount)).toEqual([300, 701]);
  });

  it('is not for a shipment no post carries, and says why', () => {
    const r = buildCustomsDeclarations(
      prepared(facts({ order: twoParcels, legs: CHAIN_LEGS })),
      rules,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('not-postal');
    expect(r.error.message).toMatch(
      /no post carries this shipment \(its chain: Lingnan Collect › Pearl River Cargo › Europa Parcel\)/,
    );
  });
});

describe('labels', () => {
  it('barcodes the tracking number: the S10 of a postal item, else the parcel id', () => {
    const postalOrder = order([orderParcel([item()], 300)]);
    const postal = prepared(
      facts({ order: postalOrder, parcels: records(postalOrder, ['LX123456785SG']) }),
    );
    const customs = buildCustomsDeclarations(postal, rules);
    const [label] = buildLabels(postal, customs.ok ? customs.value : null);
    expect(label).toMatchObject({
      trackingNumber: 'LX123456785SG',
      barcode: { symbology: 'code128', text: 'LX123456785SG' },
      s10Service: 'L — tracked small packet',
      customsText: 'CN 22 attached',
      routeText: 'CN → DE',
      weightText: '0.300 kg',
      parcelText: 'Parcel 1 of 1',
      carrierText: 'Merlion Post — Tracked packet (ePacket-like, up to 2 kg)',
    });
    const chain = prepared(facts({ order: twoParcels, legs: CHAIN_LEGS }));
    const labels = buildLabels(chain, null);
    expect(labels.map((l) => [l.parcelText, l.barcode.text, l.customsText])).toEqual([
      ['Parcel 1 of 2', 'prc_01kb0000000000000000000000', 'Commercial invoice attached'],
      ['Parcel 2 of 2', 'prc_01kb0000000000000000000001', 'Commercial invoice attached'],
    ]);
    expect(labels[0]!.carrierText).toBe(
      'Pearl River Cargo — Shenzhen–Europe air consolidation; last mile Europa Parcel',
    );
  });
});

describe('documents of a shipment', () => {
  it('reads the kinds the API and the CLI take', () => {
    expect(parseDocumentKind('invoice')).toEqual({ kind: 'invoice' });
    expect(parseDocumentKind('label')).toEqual({ kind: 'label', parcel: null });
    expect(parseDocumentKind('label-12')).toEqual({ kind: 'label', parcel: 12 });
    for (const bad of ['label-0', 'label-01', 'cn24', 'Invoice', 'label-'])
      expect(parseDocumentKind(bad)).toBeNull();
  });

  it('lists what applies and why the rest does not', () => {
    const chain = documentCatalogue(facts({ order: twoParcels, legs: CHAIN_LEGS }), rules);
    if (!chain.ok) throw new Error(chain.error.message);
    expect(chain.value.available.map((e) => e.kind)).toEqual([
      'invoice',
      'packing-list',
      'label',
      'label-1',
      'label-2',
    ]);
    expect(chain.value.unavailable.map((u) => u.kind)).toEqual(['cn22', 'cn23']);
    const o = order([orderParcel([item()], 300)]);
    const postal = documentCatalogue(
      facts({ order: o, parcels: records(o, ['LX123456785SG']) }),
      rules,
    );
    if (!postal.ok) throw new Error(postal.error.message);
    expect(postal.value.available.map((e) => e.kind)).toContain('cn22');
    expect(postal.value.unavailable).toEqual([
      {
        kind: 'cn23',
        reason:
          "this shipment's postal items are declared on CN 22, not CN 23 (parcel 1: contents SDR 6.58 ≤ SDR 300: CN 22 at 1 USD = 0.731435 SDR (IMF, 2025-12-22))",
      },
    ]);
  });

  it('answers one document, or the reason it cannot be made', () => {
    const f = facts({ order: twoParcels, legs: CHAIN_LEGS });
    const label = shipmentDocument(f, rules, { kind: 'label', parcel: 2 });
    expect(label.ok && label.value.kind === 'labels' && label.value.labels[0]!.n).toBe(2);
    const none = shipmentDocument(f, rules, { kind: 'label', parcel: 3 });
    expect(!none.ok && none.error.message).toBe(
      'the shipment has 2 parcel(s): label-1 … label-2; there is no parcel 3',
    );
    const cn22 = shipmentDocument(f, rules, { kind: 'cn22' });
    expect(!cn22.ok && cn22.error.code).toBe('not-postal');
    expect(shipmentDocument({ ...f, seller: SELLER }, rules, { kind: 'invoice' }).ok).toBe(true);
  });
});

describe('manifest of a departure', () => {
  const departs = Date.parse('2025-12-23T14:00:00Z');
  const service = {
    id: 'prc-szx-europe',
    name: 'Shenzhen–Europe air consolidation',
    partnerId: 'pearl-river-cargo',
    partnerName: 'Pearl River Cargo',
    timezone: 'Asia/Shanghai',
  };
  const second = order(
    [orderParcel([item({ description: '=HYPERLINK("x"), "quoted"', unitValue: usd(1200) })], 250)],
    {
      buyer: { country: 'FR' as CountryCode, postcode: '75001', city: 'Paris' },
    },
  );

  it('lists every parcel and item line, sorted, with totals and its CSV', () => {
    const m = buildManifest({
      service,
      departsAtMs: departs,
      generatedAtMs: Date.parse('2025-12-23T01:00:00Z'),
      shipments: [
        { shipmentId: 'shp_b', order: second, parcels: records(second) },
        { shipmentId: 'shp_a', order: twoParcels, parcels: records(twoParcels) },
      ],
    });
    expect(m.departsText).toBe('2025-12-23 22:00 Asia/Shanghai (14:00 UTC)');
    expect(m.totals).toMatchObject({
      shipments: 2,
      parcels: 3,
      lines: 4,
      grossWeightG: 1500,
      grossWeightText: '1.500 kg',
    });
    expect(m.totals.values.map((v) => v.text)).toEqual(['54.39 USD']);
    expect(m.csv.split('\r\n')).toEqual([
      'service_id,departs_at,shipment_id,parcel_id,tracking_number,s10,parcel,consignee_city,consignee_postcode,consignee_country,gross_weight_g,incoterm,item,description,hs_code,origin_country,quantity,net_weight_g,value,currency',
      'prc-szx-europe,2025-12-23T14:00:00.000Z,shp_a,prc_01kb0000000000000000000000,prc_01kb0000000000000000000000,,1/2,Berlin,10115,DE,800,DAP,1,silicone phone case,392690,CN,3,360,7.50,USD',
      'prc-szx-europe,2025-12-23T14:00:00.000Z,shp_a,prc_01kb0000000000000000000000,prc_01kb0000000000000000000000,,1/2,Berlin,10115,DE,800,DAP,2,USB-C charger 20 W,850440,CN,1,300,19.99,USD',
      'prc-szx-europe,2025-12-23T14:00:00.000Z,shp_a,prc_01kb0000000000000000000001,prc_01kb0000000000000000000001,,2/2,Berlin,10115,DE,450,DAP,1,screen protector,700719,CN,2,400,14.90,USD',
      `prc-szx-europe,2025-12-23T14:00:00.000Z,shp_b,prc_01kb0000000000000000000000,prc_01kb0000000000000000000000,,1/1,Paris,75001,FR,250,DAP,1,"'=HYPERLINK(""x""), ""quoted""",392690,CN,1,300,12.00,USD`,
      '',
    ]);
  });

  it('quotes CSV fields only when needed', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('-5', true)).toBe("'-5");
    expect(csvCell('-5')).toBe('-5');
  });
});
